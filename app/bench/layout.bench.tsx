import { ClientMessages } from "@/app/_components/client-messages";

/** The bench pages render the topic views: the same messages as the topics section. */
export default function BenchLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["topics", "common", "notices", "opinions", "ratings", "plans", "tasks", "editor"]}>{children}</ClientMessages>;
}
