import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge, Card, EmptyState, PageTitle } from "@/app/_components/ui";
import { roleKinds } from "@/db/schema";
import { listPeopleAdmin } from "@/lib/admin/list-people-admin";
import { listScopeOptions } from "@/lib/admin/list-scope-options";
import { CommunitySwitch } from "../_components/community-switch";
import { NoPermission } from "../_components/no-permission";
import { adminGate } from "../_lib/gate";
import { CreatePersonForm } from "./_components/create-person-form";

export async function generateMetadata() {
  const t = await getTranslations("admin");
  return { title: t("people.title") };
}

const statusTone = { pending: "warning", verified: "success", rejected: "error" } as const;

export default async function PeoplePage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const gate = await adminGate("/admin/people");
  if (!gate) return <NoPermission />;
  const t = await getTranslations("admin");
  const tc = await getTranslations("common");
  const { q, page } = await searchParams;
  const list = await gate.read((ctx) => listPeopleAdmin(ctx, { communityId: gate.community.id, q, page }));
  const options = await gate.read((ctx) => listScopeOptions(ctx, { communityId: gate.community.id }));
  const pageHref = (p: number) => `/admin/people?${new URLSearchParams({ ...(list.q ? { q: list.q } : {}), page: String(p) })}`;

  return (
    <div className="flex flex-col gap-5">
      <CommunitySwitch communities={gate.communities} current={gate.community.id} />
      <PageTitle title={t("people.title")} subtitle={t("people.subtitle", { community: list.community.name })} back={{ href: "/admin", label: t("title") }} />
      <Card title={t("people.listTitle", { count: list.total })}>
        <form method="get" action="/admin/people" role="search" className="flex flex-col sm:flex-row gap-2">
          <label htmlFor="q" className="sr-only">
            {t("people.search")}
          </label>
          <input id="q" name="q" type="search" defaultValue={list.q} maxLength={50} placeholder={t("people.searchPlaceholder")} className="input input-lg w-full sm:flex-1" />
          <button type="submit" className="btn btn-primary btn-lg">
            {t("people.search")}
          </button>
        </form>
        {list.people.length === 0 ? (
          <EmptyState>{list.q ? t("people.noMatch", { q: list.q }) : t("people.empty")}</EmptyState>
        ) : (
          <ul className="flex flex-col divide-y divide-base-300">
            {list.people.map((p) => (
              <li key={p.id}>
                <Link href={`/admin/people/${p.id}`} className="flex flex-col gap-1 py-3 hover:bg-base-200 -mx-2 px-2 rounded-box">
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="text-lg font-semibold">{p.name}</span>
                    <Badge tone={statusTone[p.status]}>{tc(`status.${p.status}`)}</Badge>
                    {p.fromRegister && <Badge tone="info">{t("person.fromRegister")}</Badge>}
                    {!p.activated && <Badge tone="warning">{t("person.notActivated")}</Badge>}
                    {p.roles.map((r) => (
                      <Badge key={r} tone="primary">
                        {tc(`roles.${r}`)}
                      </Badge>
                    ))}
                  </span>
                  <span className="flex flex-wrap gap-x-4 text-base-content/70">
                    <span className="font-mono">{p.displayNumber}</span>
                    <span>{p.phone}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {list.pageCount > 1 && (
          <nav aria-label={t("people.pages")} className="flex items-center justify-between gap-2 mt-2">
            {list.page > 1 ? (
              <Link href={pageHref(list.page - 1)} className="btn btn-outline btn-md">
                {t("people.previous")}
              </Link>
            ) : (
              <span />
            )}
            <span className="text-base-content/70">{t("people.pageOf", { page: list.page, pages: list.pageCount })}</span>
            {list.page < list.pageCount ? (
              <Link href={pageHref(list.page + 1)} className="btn btn-outline btn-md">
                {t("people.next")}
              </Link>
            ) : (
              <span />
            )}
          </nav>
        )}
      </Card>
      <Card title={<span id="create">{t("people.createTitle")}</span>}>
        <p className="text-base-content/70">{t("people.createHint")}</p>
        <CreatePersonForm communityId={gate.community.id} roles={roleKinds} options={options} />
      </Card>
    </div>
  );
}
