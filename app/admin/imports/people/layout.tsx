import { ClientMessages } from "@/app/_components/client-messages";

/**
 * The people import's client components translate row reasons (errors) and use the shared import
 * steps (imports), besides the admin section's own messages (see ClientMessages).
 */
export default function PeopleImportLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["admin", "common", "errors", "imports"]}>{children}</ClientMessages>;
}
