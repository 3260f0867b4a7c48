import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { TopicStage } from "@/lib/domain/topic-state-machine";
import type { listTopics } from "@/lib/topics/list-topics";
import type { topicFilterOptions } from "@/lib/topics/proposal-options";
import { supporters } from "@/lib/topics/supporters";
import { EmptyState, PageTitle } from "../../_components/ui";
import { StateBadge } from "./state-badge";

const topicStages: TopicStage[] = ["intake", "consultation", "planning", "voting", "implementation", "review", "closed", "ended"];

export type TopicListSearch = { gridId?: string; stage?: string; categoryId?: string; q?: string; view?: string; page?: string };
type Search = TopicListSearch;

/** The topic list drawn from loaded data (the benchmark also draws it from fixed in-memory data). */
export async function TopicListView({ result, filters, sp }: { result: Awaited<ReturnType<typeof listTopics>>; filters: Awaited<ReturnType<typeof topicFilterOptions>>; sp: Search }) {
  const t = await getTranslations("topics");
  const tc = await getTranslations("common");
  const format = await getFormatter();
  const view = sp.view === "awaitingMe" || sp.view === "mine" ? sp.view : "all";
  const hrefWith = (patch: Partial<Search>) => {
    const next = new URLSearchParams(Object.entries({ ...sp, ...patch }).filter(([, v]) => v) as [string, string][]);
    return `/topics?${next.toString()}`;
  };

  return (
    <div>
      <div className="flex items-start gap-3 flex-wrap">
        <PageTitle title={t("title")} subtitle={t("listSubtitle")} />
        <Link href="/topics/new" className="btn btn-primary btn-lg ml-auto">
          {t("propose")}
        </Link>
      </div>

      <div role="tablist" className="tabs tabs-box mb-4 w-full overflow-x-auto flex-nowrap">
        {(["all", "awaitingMe", "mine"] as const).map((v) => (
          <Link key={v} role="tab" href={hrefWith({ view: v === "all" ? undefined : v, page: undefined })} className={`tab text-base whitespace-nowrap ${view === v ? "tab-active" : ""}`} aria-selected={view === v}>
            {t(`views.${v}`)}
          </Link>
        ))}
      </div>

      <form className="grid gap-2 md:grid-cols-[2fr_1fr_1fr_1fr_auto] mb-4" role="search" action="/topics">
        {view !== "all" && <input type="hidden" name="view" value={view} />}
        <label className="sr-only" htmlFor="q">
          {t("search")}
        </label>
        <input id="q" name="q" defaultValue={sp.q ?? ""} placeholder={t("searchPlaceholder")} className="input input-lg w-full" type="search" />
        <select name="gridId" defaultValue={sp.gridId ?? ""} className="select select-lg w-full" aria-label={t("grid")}>
          <option value="">{t("allGrids")}</option>
          {filters.grids.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <select name="stage" defaultValue={sp.stage ?? ""} className="select select-lg w-full" aria-label={t("allStages")}>
          <option value="">{t("allStages")}</option>
          {topicStages.map((s) => (
            <option key={s} value={s}>
              {t(`stages.${s}`)}
            </option>
          ))}
        </select>
        <select name="categoryId" defaultValue={sp.categoryId ?? ""} className="select select-lg w-full" aria-label={t("allCategories")}>
          <option value="">{t("allCategories")}</option>
          {filters.categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-secondary btn-lg">
          {t("searchButton")}
        </button>
      </form>

      <p className="text-base-content/70 mb-2">{t("results", { total: result.total })}</p>
      {result.rows.length === 0 ? (
        <EmptyState>{t("noTopics")}</EmptyState>
      ) : (
        <ul className="flex flex-col gap-3">
          {result.rows.map((r) => (
            <li key={r.id}>
              <Link href={`/topics/${r.id}`} className="block rounded-box bg-base-100 border border-base-300 p-4 hover:border-primary focus-visible:border-primary">
                <div className="flex flex-wrap items-center gap-2">
                  <StateBadge state={r.state} />
                  {r.level === "community" && <span className="badge badge-outline">{tc("levels.community")}</span>}
                  <span className="text-sm text-base-content/60">
                    {r.gridName} · {r.categoryName} · {r.itemName}
                  </span>
                </div>
                <h2 className="text-xl font-semibold mt-1">{r.title}</h2>
                <div className="text-sm text-base-content/70 mt-1 flex flex-wrap gap-x-4">
                  <span>{t("proposedBy", { name: r.proposerName })}</span>
                  {r.state === "proposed" && <span>{t("cosignProgress", { count: supporters(r), threshold: r.cosignThreshold })}</span>}
                  <span>{t("opinionsCount", { count: r.opinionCount })}</span>
                  <span>{format.relativeTime(r.updatedAt)}</span>
                </div>
                {r.state === "proposed" && (
                  <progress className="progress progress-primary w-full mt-2" value={supporters(r)} max={r.cosignThreshold} aria-label={t("cosignProgress", { count: supporters(r), threshold: r.cosignThreshold })} />
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {result.pages > 1 && (
        <nav className="join mt-5 flex justify-center" aria-label={t("page", { page: result.page, pages: result.pages })}>
          {result.page > 1 && (
            <Link className="join-item btn" href={hrefWith({ page: String(result.page - 1) })}>
              {t("prev")}
            </Link>
          )}
          <span className="join-item btn pointer-events-none">{t("page", { page: result.page, pages: result.pages })}</span>
          {result.page < result.pages && (
            <Link className="join-item btn" href={hrefWith({ page: String(result.page + 1) })}>
              {t("next")}
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
