import { getFormatter, getTranslations } from "next-intl/server";
import { DisplayNumber } from "@/app/_components/display-number";
import { Badge, Card, EmptyState, PageTitle } from "@/app/_components/ui";
import { roleKinds } from "@/db/schema";
import { getPersonAdmin } from "@/lib/admin/get-person-admin";
import { listScopeOptions } from "@/lib/admin/list-scope-options";
import { listPersonHistory, PERSON_HISTORY_LIMIT, type PersonHistoryKind, type RoleScope } from "@/lib/admin/person-history";
import { NoPermission } from "../../_components/no-permission";
import { adminGate } from "../../_lib/gate";
import { AssignRoleForm } from "./_components/assign-role-form";
import { RevokeRoleButton } from "./_components/revoke-role-button";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("person.title") };
}

const statusTone = { pending: "warning", verified: "success", rejected: "error" } as const;

/** The sentence of each account-history entry (admin.json person.history). */
const historyKey = {
  "person.registered": "registered",
  "person.verified": "verified",
  "person.rejected": "rejected",
  "person.created": "created",
  "role.assigned": "roleAssigned",
  "role.revoked": "roleRevoked",
  "person.passwordChanged": "passwordChanged",
  "apiToken.issued": "apiTokenIssued",
  "signIn.slowedDown": "signInSlowedDown",
  "person.activated": "activated",
  "people.imported": "imported",
} as const satisfies Record<PersonHistoryKind, string>;

export default async function PersonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const gate = await adminGate(`/admin/people/${id}`);
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const { person, roles } = await gate.read((ctx) => getPersonAdmin(ctx, { personId: id }));
  const options = await gate.read((ctx) => listScopeOptions(ctx, { communityId: gate.community.id }));
  const history = await gate.read((ctx) => listPersonHistory(ctx, { personId: id }));
  const multiCommunity = gate.communities.length > 1;

  const scopeOf = (r: RoleScope): string => {
    if (r.unitId != null) return t("person.scopeUnit", { grid: r.gridName ?? "", building: r.buildingName ?? "", unit: r.unitNumber ?? "" });
    if (r.organisationId != null) return t("person.scopeOrganisation", { kind: tc(`orgKinds.${r.organisationKind!}`), name: r.organisationName ?? "" });
    if (r.gridId != null) return t("person.scopeGrid", { code: r.gridCode ?? "", name: r.gridName ?? "" });
    return t("person.scopeCommunity", { community: r.communityName });
  };
  // Beyond the community itself, name the community when the admin runs several (as the roles list does).
  const scopeInCommunity = (r: RoleScope): string =>
    multiCommunity && (r.unitId != null || r.gridId != null || r.organisationId != null) ? `${scopeOf(r)} · ${r.communityName}` : scopeOf(r);

  return (
    <div className="flex flex-col gap-5">
      <PageTitle title={person.name} back={{ href: "/admin/people", label: t("people.title") }} />
      <Card>
        <DisplayNumber value={person.displayNumber} />
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base">
          <dt className="text-base-content/70">{t("people.phone")}</dt>
          <dd>
            <a className="link" href={`tel:${person.phone}`}>
              {person.phone}
            </a>
          </dd>
          <dt className="text-base-content/70">{t("person.status")}</dt>
          <dd>
            <span className="flex flex-wrap gap-2">
              <Badge tone={statusTone[person.status]}>{tc(`status.${person.status}`)}</Badge>
              {!person.activated && <Badge tone="warning">{t("person.notActivated")}</Badge>}
            </span>
          </dd>
          {person.verifiedBy && (
            <>
              <dt className="text-base-content/70">{t("person.verifiedByImport")}</dt>
              <dd>
                {t("person.verifiedByImportText", {
                  source: person.verifiedBy.source || t(`peopleImport.kinds.${person.verifiedBy.kind}`),
                  fileName: person.verifiedBy.fileName,
                  time: format.dateTime(person.verifiedBy.at, "dateTime"),
                })}
              </dd>
            </>
          )}
          <dt className="text-base-content/70">{t("person.since")}</dt>
          <dd>{format.dateTime(person.createdAt, "date")}</dd>
        </dl>
      </Card>
      <Card title={t("person.rolesTitle")}>
        {roles.length === 0 ? (
          <EmptyState>{t("person.noRoles")}</EmptyState>
        ) : (
          <ul className="flex flex-col divide-y divide-base-300">
            {roles.map((r) => (
              <li key={r.id} className="py-3 flex flex-col sm:flex-row sm:items-center gap-2">
                <div className="flex-1">
                  <Badge tone="primary">{tc(`roles.${r.role}`)}</Badge>
                  <div className="mt-1">
                    {scopeOf(r)}
                    {multiCommunity && (r.unitId != null || r.gridId != null || r.organisationId != null) && (
                      <span className="text-base-content/60"> · {r.communityName}</span>
                    )}
                  </div>
                </div>
                <RevokeRoleButton roleId={r.id} label={tc(`roles.${r.role}`)} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t("person.assignTitle")}>
        <AssignRoleForm personId={person.id} roles={roleKinds} options={options} />
      </Card>
      <Card title={t("person.historyTitle")}>
        <p className="text-base text-base-content/70">{t("person.historyHint", { limit: PERSON_HISTORY_LIMIT })}</p>
        {history.length === 0 ? (
          <EmptyState>{t("person.historyEmpty")}</EmptyState>
        ) : (
          <ol className="flex flex-col divide-y divide-base-300" aria-label={t("person.historyTitle")}>
            {history.map((e) => (
              <li key={e.id} className="py-3 flex flex-col gap-1">
                <div className="text-base font-medium">
                  {t(`person.history.${historyKey[e.kind]}`, {
                    role: e.role ? tc(`roles.${e.role.role}`) : "",
                    scope: e.role ? scopeInCommunity(e.role) : "",
                    reason: e.reason ?? "",
                    file: e.fileName ?? "",
                  })}
                </div>
                <div className="text-base text-base-content/70 flex flex-wrap gap-x-3">
                  <time dateTime={e.at.toISOString()}>{format.dateTime(e.at, "dateTime")}</time>
                  <span>{e.by ? t("person.historyBy", { name: e.by.name, number: e.by.displayNumber }) : t("person.historySystem")}</span>
                </div>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
