import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { Card, EmptyState, PageTitle } from "@/app/_components/ui";
import { listImports } from "@/lib/imports/list-imports";
import { CommunitySwitch } from "../_components/community-switch";
import { NoPermission } from "../_components/no-permission";
import { adminGate } from "../_lib/gate";

export async function generateMetadata() {
  const t = await getTranslations("imports");
  return { title: t("hub.title") };
}

/** The imports of going live: the estate first, then the registers (helper pages of their own). */
export default async function ImportsPage() {
  const gate = await adminGate("/admin/imports");
  if (!gate) return <NoPermission />;
  const format = await getFormatter();
  const t = await getTranslations("imports");
  const ta = await getTranslations("admin");
  const recent = await gate.read((ctx) => listImports(ctx, { communityId: gate.community.id }));
  const cards = [
    { href: "/admin/imports/estate", title: t("hub.estateTitle"), body: t("hub.estateBody") },
    { href: "/admin/imports/people", title: t("hub.peopleTitle"), body: t("hub.peopleBody") },
  ];

  return (
    <div className="flex flex-col gap-5">
      <CommunitySwitch communities={gate.communities} current={gate.community.id} />
      <PageTitle title={t("hub.title")} subtitle={t("hub.subtitle", { community: gate.community.name })} back={{ href: "/admin", label: ta("title") }} />
      <div className="grid gap-4 md:grid-cols-2">
        {cards.map((c) => (
          <Card key={c.href} title={c.title}>
            <p className="text-base-content/80">{c.body}</p>
            <div>
              <Link href={c.href} className="btn btn-primary btn-md" aria-label={`${c.title} · ${t("hub.open")}`}>
                {t("hub.open")}
              </Link>
            </div>
          </Card>
        ))}
      </div>
      <Card title={t("hub.recentTitle")}>
        {recent.length === 0 ? (
          <EmptyState>{t("hub.recentEmpty")}</EmptyState>
        ) : (
          <ul className="flex flex-col divide-y divide-base-300">
            {recent.map((r) => (
              <li key={r.id} className="py-2">
                <span className="badge badge-ghost badge-md mr-2">{t.has(`hub.kind.${r.kind}`) ? t(`hub.kind.${r.kind}`) : r.kind}</span>
                <span className="break-all">
                  {t("hub.recentLine", { file: r.fileName, source: r.source || t("hub.noSource"), by: r.importedBy ?? "—", time: format.dateTime(r.createdAt, "dateTime") })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
