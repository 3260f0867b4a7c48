import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { Card, EmptyState, PageTitle, Stat } from "@/app/_components/ui";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { defaultDashboardTarget, getDashboard, type Dashboard } from "@/lib/dashboards/get-dashboard";
import { ShareLineChart, StageBarChart, type ChartDatum } from "./_components/charts";

export async function generateMetadata() {
  const t = await getTranslations("dashboard");
  return { title: t("title") };
}

const searchSchema = z.object({
  gridId: z.coerce.number().int().positive().optional().catch(undefined),
  scope: z.enum(["community"]).optional().catch(undefined),
});

type Search = { gridId?: string | string[]; scope?: string | string[] };

const pct = (v: number | null) => (v == null ? "—" : `${Math.round(v * 100)}%`);
const days = (v: number | null) => (v == null ? "—" : v.toFixed(1));

/** Dashboards: a grid for its staff, the community (with grid tabs) for its admins. */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<Search> }) {
  const page = await signedInPage("/dashboard");
  const t = await getTranslations("dashboard");
  const sp = searchSchema.parse(await searchParams);
  const fallback = page.read((ctx) => defaultDashboardTarget(ctx));
  const target = sp.gridId != null ? { scope: "grid" as const, gridId: sp.gridId } : sp.scope === "community" ? { scope: "community" as const } : fallback;

  let dashboard: Dashboard | null = null;
  if (target) {
    const read = await page.read((ctx) => getDashboard(ctx, target), { forbidden: "inPage" });
    if (!(read instanceof Refusal)) dashboard = read;
  }
  if (!dashboard) return <Forbidden title={t("title")}>{t("noPermission")}</Forbidden>;

  const d = dashboard;
  const stageData: ChartDatum[] = d.byStage.map((s) => ({ key: s.stage, label: t(`stages.${s.stage}`), value: s.count }));
  const medianData: ChartDatum[] = d.medianDaysByStage.map((s) => ({ key: s.stage, label: t(`stages.${s.stage}`), value: s.days }));
  const monthData: ChartDatum[] = d.satisfactionByMonth.map((m) => ({ key: m.month, label: m.month.slice(2).replace("-", "/"), value: m.share }));
  const list = (data: ChartDatum[], fmt: (v: number | null) => string) => data.map((x) => `${x.label} ${fmt(x.value)}`).join("；");

  return (
    <div className="flex flex-col gap-5 text-lg">
      <PageTitle
        title={t("title")}
        subtitle={d.grid ? t("subtitleGrid", { grid: d.grid.name, community: d.community.name }) : t("subtitleCommunity", { community: d.community.name })}
      />

      {d.grids.length > 0 && (
        <nav aria-label={t("tabsLabel")} className="overflow-x-auto">
          <div role="tablist" className="tabs tabs-box w-max">
            <Link role="tab" href="/dashboard?scope=community" className={`tab text-base ${d.grid ? "" : "tab-active"}`} aria-selected={!d.grid}>
              {t("tabCommunity")}
            </Link>
            {d.grids.map((g) => (
              <Link key={g.id} role="tab" href={`/dashboard?gridId=${g.id}`} className={`tab text-base ${d.grid?.id === g.id ? "tab-active" : ""}`} aria-selected={d.grid?.id === g.id}>
                {g.name}
              </Link>
            ))}
          </div>
        </nav>
      )}

      <Card title={t("exportTitle")}>
        <p className="text-base text-base-content/70">{t("exportHint")}</p>
        <div className="flex flex-wrap gap-2">
          {(["topics", "ballots", "ratings"] as const).flatMap((what) =>
            (["csv", "xlsx"] as const).map((ext) => (
              <a
                key={`${what}.${ext}`}
                className="btn btn-outline"
                href={`/api/v1/exports/${what}.${ext}${d.grid ? `?gridId=${d.grid.id}` : `?communityId=${d.community.id}`}`}
                download
              >
                {t(`export.${what}`)} · {ext.toUpperCase()}
              </a>
            )),
          )}
        </div>
      </Card>

      <div className="grid grid-cols-1 sm:grid-cols-3 gap-3">
        <Stat label={t("totalTopics")} value={d.totalTopics} />
        <Stat label={t("closureRate")} value={pct(d.closure.rate)} hint={t("closureHint", { closed: d.closure.closed, admitted: d.closure.admitted })} />
        <Stat
          label={t("rectificationRate")}
          value={pct(d.rectification.rate)}
          hint={t("rectificationHint", { rectified: d.rectification.rectified, closed: d.rectification.closed })}
        />
      </div>

      <Card title={t("byStageTitle")}>
        <StageBarChart data={stageData} valueName={t("count")} ariaLabel={t("byStageAria", { values: list(stageData, (v) => String(v ?? 0)) })} />
        <DataTable caption={t("showTable")} head={[t("stage"), t("count")]} rows={stageData.map((x) => [x.label, String(x.value ?? 0)])} />
      </Card>

      <Card title={t("medianTitle")}>
        {medianData.every((x) => x.value == null) ? (
          <EmptyState>{t("noData")}</EmptyState>
        ) : (
          <StageBarChart data={medianData} unit="days" valueName={t("days")} ariaLabel={t("medianAria", { values: list(medianData, days) })} />
        )}
        <DataTable caption={t("showTable")} head={[t("stage"), t("days")]} rows={medianData.map((x) => [x.label, days(x.value)])} />
      </Card>

      <Card title={t("satisfactionTitle")}>
        {d.satisfactionByMonth.every((m) => m.total === 0) ? (
          <EmptyState>{t("noData")}</EmptyState>
        ) : (
          <ShareLineChart data={monthData} unit="percent" valueName={t("satisfiedShare")} ariaLabel={t("satisfactionAria", { values: list(monthData, pct) })} />
        )}
        <DataTable
          caption={t("showTable")}
          head={[t("month"), t("answers"), t("satisfiedShare")]}
          rows={d.satisfactionByMonth.map((m) => [m.month, String(m.total), pct(m.share)])}
        />
      </Card>

      <Card title={t("firmsTitle")}>
        {d.firms.length === 0 ? (
          <EmptyState>{t("noFirms")}</EmptyState>
        ) : (
          <ScoreTable
            head={[t("firm"), t("tasks"), t("completed"), t("overdue"), t("meanRating")]}
            rows={d.firms.map((f) => ({
              key: f.organisationId,
              cells: [f.name, String(f.tasks), String(f.completed), String(f.overdue), f.meanRating == null ? "—" : `${f.meanRating.toFixed(2)} (${t("ratingsCount", { count: f.ratings })})`],
              alert: f.overdue > 0,
            }))}
          />
        )}
      </Card>

      <Card title={t("assigneesTitle")}>
        {d.assignees.length === 0 ? (
          <EmptyState>{t("noAssignees")}</EmptyState>
        ) : (
          <ScoreTable
            head={[t("person"), t("tasks"), t("completed"), t("overdue")]}
            rows={d.assignees.map((p) => ({
              key: p.personId,
              cells: [`${p.name} · ${p.displayNumber}`, String(p.tasks), String(p.completed), String(p.overdue)],
              alert: p.overdue > 0,
            }))}
          />
        )}
      </Card>
    </div>
  );
}

/** The numbers behind a chart, folded away but always in the page (and readable without script). */
function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: string[][] }) {
  return (
    <details className="mt-1">
      <summary className="cursor-pointer link link-hover text-base">{caption}</summary>
      <div className="overflow-x-auto" tabIndex={0}>
        <table className="table text-base">
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r[0]}>
                {r.map((c, i) => (i === 0 ? <th key={i} scope="row">{c}</th> : <td key={i}>{c}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function ScoreTable({ head, rows }: { head: string[]; rows: { key: number; cells: string[]; alert: boolean }[] }) {
  return (
    // Focusable, so a keyboard can scroll a table wider than the phone (axe scrollable-region-focusable).
    <div className="overflow-x-auto" tabIndex={0}>
      <table className="table text-base">
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="font-semibold">
                    {c}
                  </th>
                ) : (
                  <td key={i} className={i === 3 && r.alert ? "text-error font-bold" : undefined}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
