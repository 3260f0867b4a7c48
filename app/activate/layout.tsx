import { ClientMessages } from "@/app/_components/client-messages";

/** Only the messages this section's client components use (see ClientMessages). */
export default function ActivateLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["auth", "errors"]}>{children}</ClientMessages>;
}
