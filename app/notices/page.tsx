import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { publicPage } from "@/app/_lib/page";
import { listNotices, type NoticeCard } from "@/lib/notices/list-notices";
import { lastDayOf } from "@/lib/notices/period";
import { listGridsPublic } from "@/lib/places/public-directory";
import { EmptyState, PageTitle } from "../_components/ui";

export async function generateMetadata() {
  const t = await getTranslations("notices");
  return { title: t("title") };
}

type Search = { gridId?: string | string[]; page?: string | string[] };

const digits = (v: string | string[] | undefined) => {
  const s = Array.isArray(v) ? v[0] : v;
  return s && /^\d{1,9}$/.test(s) ? s : undefined;
};

/** The public notice board (公示栏): no sign-in, like the paper board in the courtyard. */
export default async function NoticesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const gridId = digits(sp.gridId);
  const page = digits(sp.page);
  const t = await getTranslations("notices");
  const format = await getFormatter();
  const notices = await publicPage("/notices");
  const board = await notices.read((ctx) => listNotices(ctx, { gridId, page }));
  const grids = await notices.read(({ db }) => listGridsPublic(db));
  const manyCommunities = new Set(grids.map((g) => g.communityId)).size > 1;
  const hrefWith = (patch: { gridId?: string; page?: string }) => {
    const next = new URLSearchParams(Object.entries({ gridId, ...patch }).filter(([, v]) => v) as [string, string][]);
    const qs = next.toString();
    return qs ? `/notices?${qs}` : "/notices";
  };
  const day = (d: Date) => format.dateTime(d, "date");
  const date = (d: Date) => format.dateTime(d, "date");
  const where = (n: NoticeCard) => (manyCommunities ? `${n.communityName} · ` : "") + (n.gridName ?? t("communityWide"));

  return (
    <div className="flex flex-col gap-5">
      <PageTitle title={t("title")} subtitle={t("subtitle")} />

      {grids.length > 1 && (
        <nav aria-label={t("gridTabs")}>
          <div role="tablist" className="tabs tabs-box w-full overflow-x-auto flex-nowrap">
            <Link role="tab" href={hrefWith({ gridId: undefined, page: undefined })} className={`tab text-base whitespace-nowrap ${!gridId ? "tab-active" : ""}`} aria-selected={!gridId}>
              {t("allGrids")}
            </Link>
            {grids.map((g) => {
              const active = gridId === String(g.id);
              return (
                <Link key={g.id} role="tab" href={hrefWith({ gridId: String(g.id), page: undefined })} className={`tab text-base whitespace-nowrap ${active ? "tab-active" : ""}`} aria-selected={active}>
                  {manyCommunities ? `${g.communityName} · ${g.name}` : g.name}
                </Link>
              );
            })}
          </div>
        </nav>
      )}

      <section aria-labelledby="notices-current" className="flex flex-col gap-3">
        <h2 id="notices-current" className="text-xl font-semibold">
          {t("current")}
        </h2>
        {board.current.length === 0 ? (
          <EmptyState>{t("noCurrent")}</EmptyState>
        ) : (
          <ul className="grid gap-3 md:grid-cols-2" data-testid="notices-current">
            {board.current.map((n) => (
              <li key={n.id}>
                <Link href={`/notices/${n.id}`} className="card h-full bg-base-100 border-2 border-primary/30 hover:border-primary focus-visible:border-primary">
                  <div className="card-body p-4 gap-2">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="badge badge-success badge-md whitespace-nowrap">{t("currentUntil", { date: day(lastDayOf(n.until)) })}</span>
                      <span className="text-sm text-base-content/70">{where(n)}</span>
                    </div>
                    {n.resolutionNumber && <div className="font-mono text-sm text-base-content/70">{n.resolutionNumber}</div>}
                    <h3 className="text-lg font-semibold leading-snug">{n.title}</h3>
                    <p className="text-base-content/80 line-clamp-3">{n.excerpt}</p>
                    <div className="flex flex-wrap items-center gap-2 text-sm text-base-content/60 mt-auto">
                      <span>{t(`kinds.${n.kind}`)}</span>
                      <span>·</span>
                      <time dateTime={n.publishedAt.toISOString()}>{date(n.publishedAt)}</time>
                      <span className="ml-auto link link-primary">{t("readMore")}</span>
                    </div>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="notices-archive" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-baseline gap-2">
          <h2 id="notices-archive" className="text-xl font-semibold">
            {t("archive")}
          </h2>
          {board.archive.total > 0 && <span className="text-base-content/60">{t("archiveCount", { total: board.archive.total })}</span>}
        </div>
        {board.archive.items.length === 0 ? (
          <EmptyState>{t("noArchive")}</EmptyState>
        ) : (
          <ul className="flex flex-col divide-y divide-base-300 rounded-box border border-base-300 bg-base-100" data-testid="notices-archive">
            {board.archive.items.map((n) => (
              <li key={n.id} className="p-3">
                <Link href={`/notices/${n.id}`} className="link link-hover text-lg font-medium">
                  {n.title}
                </Link>
                <div className="text-sm text-base-content/70 flex flex-wrap gap-x-3">
                  {n.resolutionNumber && <span className="font-mono">{n.resolutionNumber}</span>}
                  <span>{where(n)}</span>
                  <span>{t("period", { from: date(n.publishedAt), to: date(lastDayOf(n.until)) })}</span>
                  <span className="badge badge-ghost badge-sm self-center">{t("ended")}</span>
                </div>
              </li>
            ))}
          </ul>
        )}
        {board.archive.pages > 1 && (
          <nav className="join mt-2 flex justify-center" aria-label={t("page", { page: board.archive.page, pages: board.archive.pages })}>
            {board.archive.page > 1 && (
              <Link className="join-item btn" href={hrefWith({ page: String(board.archive.page - 1) })}>
                {t("prev")}
              </Link>
            )}
            <span className="join-item btn pointer-events-none">{t("page", { page: board.archive.page, pages: board.archive.pages })}</span>
            {board.archive.page < board.archive.pages && (
              <Link className="join-item btn" href={hrefWith({ page: String(board.archive.page + 1) })}>
                {t("next")}
              </Link>
            )}
          </nav>
        )}
      </section>
    </div>
  );
}
