import { ClientMessages } from "@/app/_components/client-messages";

/** Only the messages this section's client components use (see ClientMessages). */
export default function TopicsLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["topics", "common", "notices", "opinions", "ratings", "plans", "tasks", "editor"]}>{children}</ClientMessages>;
}
