import { ClientMessages } from "@/app/_components/client-messages";

/**
 * The estate import's client components use the import steps' texts (imports) and translate the
 * refused rows' reasons (errors), besides the admin section's own messages (see ClientMessages).
 */
export default function EstateImportLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["admin", "common", "errors", "imports"]}>{children}</ClientMessages>;
}
