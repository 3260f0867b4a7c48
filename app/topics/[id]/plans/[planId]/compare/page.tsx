import Link from "next/link";
import { useTranslations } from "next-intl";
import { getFormatter, getTranslations } from "next-intl/server";
import { Forbidden } from "@/app/_components/forbidden";
import { Refusal } from "@/app/_lib/page";
import { compareRevisions, type DiffPart, type FieldChange } from "@/lib/plans/compare-revisions";
import { Card, PageTitle } from "../../../../../_components/ui";
import { BudgetText, DateText, MilestoneList, ResponsibleName } from "../../../_plans/plan-bits";
import { loadForPage } from "../../_lib/load";
import { ComparePicker } from "../_components/compare-picker";

type Params = Promise<{ id: string; planId: string }>;
type Search = Promise<{ from?: string | string[]; to?: string | string[] }>;

export async function generateMetadata() {
  const t = await getTranslations("plans.compare");
  return { title: t("title") };
}

/** Insertions green and underlined, deletions red and struck through: colour is never the only cue. */
const insClass = "bg-green-100 text-green-900 underline decoration-green-700 decoration-2 underline-offset-4";
const delClass = "bg-red-100 text-red-900 line-through decoration-red-700 decoration-2";

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export default async function ComparePage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { id, planId } = await params;
  const search = await searchParams;
  const t = await getTranslations("plans");
  const format = await getFormatter();
  const from = one(search.from);
  const to = one(search.to);
  const back = `/topics/${id}/plans/${planId}/compare?from=${encodeURIComponent(from ?? "")}&to=${encodeURIComponent(to ?? "")}`;
  const data = await loadForPage(back, (ctx) => compareRevisions(ctx, { topicId: id, planId, from, to }));
  if (data instanceof Refusal) {
    return (
      <Forbidden title={t("compare.title")} back={{ href: `/topics/${id}`, label: t("backToTopic") }}>
        {data.explain({ notVerified: t("notVerified") })}
      </Forbidden>
    );
  }
  const base = `/topics/${data.topic.id}/plans/${data.plan.id}`;
  const when = (d: Date) => format.dateTime(d, "dateTime");
  const same = data.from.number === data.to.number;

  return (
    <article className="flex flex-col gap-4 max-w-3xl">
      <PageTitle title={t("compare.title")} subtitle={data.plan.title} back={{ href: base, label: data.plan.title }} />

      <Card>
        <ComparePicker
          topicId={data.topic.id}
          planId={data.plan.id}
          revisions={data.revisions.map((r) => ({ number: r.number, label: t("compare.option", { number: r.number, name: r.authorName, at: when(r.createdAt) }) }))}
          from={data.from.number}
          to={data.to.number}
        />
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-base mt-2">
          <dt className="text-base-content/70">{t("compare.from")}</dt>
          <dd>{t("compare.revisionBy", { number: data.from.number, name: data.from.author.name, at: when(data.from.createdAt) })}</dd>
          <dt className="text-base-content/70">{t("compare.to")}</dt>
          <dd>{t("compare.revisionBy", { number: data.to.number, name: data.to.author.name, at: when(data.to.createdAt) })}</dd>
        </dl>
        {data.to.note && data.to.number > data.from.number && <p className="text-base text-base-content/80">{t("page.note", { note: data.to.note })}</p>}
        {same && (
          <p role="status" className="text-base text-base-content/70">
            {t("compare.sameRevision")}
          </p>
        )}
      </Card>

      <Card title={t("compare.fieldsTitle")}>
        {data.fields.length === 0 ? (
          <p className="text-base text-base-content/70">{t("compare.noFieldChanges")}</p>
        ) : (
          <FieldTable changes={data.fields} from={data.from.number} to={data.to.number} />
        )}
      </Card>

      <Card title={t("compare.textTitle")}>
        {data.textChanged ? (
          <>
            <p className="text-base text-base-content/80">
              {t.rich("compare.legend", {
                ins: (chunks) => <ins className={insClass}>{chunks}</ins>,
                del: (chunks) => <del className={delClass}>{chunks}</del>,
              })}
            </p>
            <DiffText parts={data.parts} />
          </>
        ) : (
          <p className="text-base text-base-content/70">{t("compare.noTextChanges")}</p>
        )}
      </Card>

      <p>
        <Link href={base} className="link link-primary">
          {t("compare.backToPlan")}
        </Link>
      </p>
    </article>
  );
}

/** The text with insertions underlined in green and deletions struck through in red; screen readers hear where each begins and ends. */
function DiffText({ parts }: { parts: DiffPart[] }) {
  const t = useTranslations("plans.compare");
  return (
    <div className="whitespace-pre-wrap break-words text-lg leading-relaxed rounded-box border border-base-300 bg-base-100 p-3 md:p-4" data-testid="diff">
      {parts.map((p, i) =>
        p.kind === "added" ? (
          <ins key={i} className={insClass}>
            <span className="sr-only">{t("srInsertStart")}</span>
            {p.text}
            <span className="sr-only">{t("srInsertEnd")}</span>
          </ins>
        ) : p.kind === "removed" ? (
          <del key={i} className={delClass}>
            <span className="sr-only">{t("srDeleteStart")}</span>
            {p.text}
            <span className="sr-only">{t("srDeleteEnd")}</span>
          </del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </div>
  );
}

function FieldTable({ changes, from, to }: { changes: FieldChange[]; from: number; to: number }) {
  const t = useTranslations("plans");
  return (
    <div className="overflow-x-auto">
      <table className="table text-base">
        <caption className="sr-only">{t("compare.fieldsTitle")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("compare.field")}</th>
            <th scope="col">{t("revisionBadge", { number: from })}</th>
            <th scope="col" aria-hidden className="px-0 w-4" />
            <th scope="col">{t("revisionBadge", { number: to })}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field} data-testid={`changed-${c.field}`}>
              <th scope="row" className="font-medium align-top whitespace-nowrap">
                {t(`fields.${c.field}`)}
              </th>
              <td className="align-top">
                <del className="no-underline decoration-red-700 text-red-900">
                  <span className="sr-only">{t("compare.srOld")}</span>
                  <FieldValue change={c} side="from" />
                </del>
              </td>
              <td className="align-top px-0" aria-hidden>
                →
              </td>
              <td className="align-top">
                <ins className="no-underline text-green-900 font-medium">
                  <span className="sr-only">{t("compare.srNew")}</span>
                  <FieldValue change={c} side="to" />
                </ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function FieldValue({ change, side }: { change: FieldChange; side: "from" | "to" }) {
  const t = useTranslations("plans");
  switch (change.field) {
    case "responsible":
      return <ResponsibleName responsible={change[side]} />;
    case "budget":
      return <BudgetText fen={change[side]} source="none" />;
    case "budgetSource":
      return <span>{t(`sources.${change[side]}`)}</span>;
    case "deadline":
      return <DateText date={change[side]} />;
    case "milestones":
      return <MilestoneList milestones={change[side]} />;
  }
}
