import { getDb } from "@/db/client";
import { listAdminCommunities } from "@/lib/admin/list-admin-communities";
import { currentActor } from "@/lib/auth/session";
import { ClientMessages } from "@/app/_components/client-messages";
import { AdminNav } from "./_components/admin-nav";

/** The admin tabs, for community admins only; each page checks access itself. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  const isAdmin = listAdminCommunities({ db: getDb(), actor }).length > 0;
  return (
    <ClientMessages namespaces={["admin", "common"]}>
      {isAdmin && <AdminNav />}
      {children}
    </ClientMessages>
  );
}
