import { signedInPage } from "@/app/_lib/page";
import { listAdminCommunities } from "@/lib/admin/list-admin-communities";
import { ClientMessages } from "@/app/_components/client-messages";
import { AdminNav } from "./_components/admin-nav";

/** The admin tabs, for community admins only; each page checks access itself (and signs the signed-out in). */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const page = await signedInPage("/admin", { signedOut: "null" });
  const isAdmin = !!page && (await page.read((ctx) => listAdminCommunities(ctx))).length > 0;
  return (
    <ClientMessages namespaces={["admin", "common"]}>
      {isAdmin && <AdminNav />}
      {children}
    </ClientMessages>
  );
}
