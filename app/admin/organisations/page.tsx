import { getTranslations } from "next-intl/server";
import { Card, EmptyState, PageTitle } from "@/app/_components/ui";
import { organisationKinds } from "@/db/schema";
import { listOrganisationsAdmin } from "@/lib/admin/list-organisations-admin";
import { CommunitySwitch } from "../_components/community-switch";
import { NoPermission } from "../_components/no-permission";
import { adminGate } from "../_lib/gate";
import { CreateOrganisationForm, EditOrganisationForm } from "./_components/organisation-forms";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("organisations.title") };
}

export default async function OrganisationsPage() {
  const gate = await adminGate("/admin/organisations");
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin");
  const tc = await getTranslations("common");
  const { community, organisations } = await gate.read((ctx) => listOrganisationsAdmin(ctx, { communityId: gate.community.id }));

  return (
    <div className="flex flex-col gap-5">
      <CommunitySwitch communities={gate.communities} current={community.id} />
      <PageTitle title={t("organisations.title")} subtitle={t("organisations.subtitle", { community: community.name })} back={{ href: "/admin", label: t("title") }} />
      {organisationKinds.map((kind) => {
        const ofKind = organisations.filter((o) => o.kind === kind);
        return (
          <Card key={kind} title={tc(`orgKinds.${kind}`)}>
            {ofKind.length === 0 ? (
              <EmptyState>{t("organisations.emptyKind")}</EmptyState>
            ) : (
              <ul className="flex flex-col gap-3">
                {ofKind.map((o) => (
                  <li key={o.id} className="rounded-box border border-base-300 p-4">
                    <div className="flex flex-wrap items-baseline gap-2">
                      <span className="text-lg font-semibold">{o.name}</span>
                      <span className="font-mono text-base-content/70">{o.code}</span>
                      <span className="text-sm text-base-content/70">{t("organisations.members", { count: o.memberCount })}</span>
                    </div>
                    {o.description && <p className="text-base-content/80 mt-1 whitespace-pre-line">{o.description}</p>}
                    <details className="collapse collapse-arrow border border-base-300 bg-base-100 mt-3">
                      <summary className="collapse-title font-medium min-h-0 py-3">{t("organisations.edit")}</summary>
                      <div className="collapse-content">
                        <EditOrganisationForm organisation={o} />
                      </div>
                    </details>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        );
      })}
      <Card title={t("organisations.createTitle")}>
        <CreateOrganisationForm communityId={community.id} kinds={organisationKinds} />
      </Card>
    </div>
  );
}
