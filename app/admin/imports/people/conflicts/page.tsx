import { getFormatter, getTranslations } from "next-intl/server";
import { Badge, Card, EmptyState, PageTitle } from "@/app/_components/ui";
import { listImportConflicts } from "@/lib/imports/people/list-conflicts";
import { CommunitySwitch } from "../../../_components/community-switch";
import { NoPermission } from "../../../_components/no-permission";
import { adminGate } from "../../../_lib/gate";
import { DecideButtons } from "../_components/decide-buttons";

export async function generateMetadata() {
  const t = await getTranslations("admin.peopleImport.conflicts");
  return { title: t("title") };
}

/** 导入冲突: what a register said against what stands, decided one by one. */
export default async function ConflictsPage() {
  const gate = await adminGate("/admin/imports/people/conflicts");
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin.peopleImport");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const conflicts = await gate.read((ctx) => listImportConflicts(ctx, { communityId: gate.community.id }));
  return (
    <div className="flex flex-col gap-5">
      <CommunitySwitch communities={gate.communities} current={gate.community.id} />
      <PageTitle title={t("conflicts.title")} subtitle={t("conflicts.subtitle")} back={{ href: "/admin/imports/people", label: t("conflicts.back") }} />
      {conflicts.length === 0 ? (
        <Card>
          <EmptyState>{t("conflicts.empty")}</EmptyState>
        </Card>
      ) : (
        <ul className="flex flex-col gap-4">
          {conflicts.map((c) => (
            <li key={c.id}>
              <Card title={<span className="flex flex-wrap items-center gap-2"><Badge tone="warning">{t(`conflictKinds.${c.kind}`)}</Badge>{c.unit && <span>{t("conflicts.unit", { unit: c.unit })}</span>}</span>}>
                <p className="text-sm text-base-content/70">
                  {t("conflicts.from", { source: c.import.source || t(`kinds.${c.import.kind}`), fileName: c.import.fileName, time: format.dateTime(c.import.at, "dateTime") })}
                </p>
                <div className="grid gap-3 md:grid-cols-2">
                  <section>
                    <h3 className="font-semibold">{t("conflicts.registerSays")}</h3>
                    <ul className="text-base">
                      {c.register.map((r, i) => (
                        <li key={i}>
                          {r.name} · <span className="font-mono">{r.phone}</span> · {t("conflicts.line", { line: r.line })}
                        </li>
                      ))}
                    </ul>
                    {c.roles.length > 0 && <p className="text-sm text-base-content/70">{t("conflicts.roles", { roles: c.roles.map((r) => (r === "developerRep" ? t("summary.developerRep") : tc(`roles.${r}`))).join("、") })}</p>}
                  </section>
                  <section>
                    <h3 className="font-semibold">{t("conflicts.currentIs")}</h3>
                    <ul className="text-base">
                      {c.current.map((p) => (
                        <li key={p.id}>
                          {p.name ? (
                            <>
                              {p.name} · <span className="font-mono">{p.displayNumber}</span> · {p.via ? t("conflicts.viaRegister", { source: p.via.source || p.via.fileName }) : t("conflicts.viaReview")}
                            </>
                          ) : (
                            t("conflicts.outsideCommunity")
                          )}
                        </li>
                      ))}
                    </ul>
                  </section>
                </div>
                <p className="text-sm text-base-content/70">{c.kind === "unitClaimed" ? t("conflicts.adoptHelpUnit") : t("conflicts.adoptHelpPhone")}</p>
                <DecideButtons conflictId={c.id} />
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
