import { ClientMessages } from "@/app/_components/client-messages";

/** Only the messages this section's client components use (see ClientMessages). */
export default function AccountLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["auth", "reminders"]}>{children}</ClientMessages>;
}
