import { useFormatter, useTranslations } from "next-intl";
import { Badge } from "@/app/_components/ui";
import type { BudgetSource, Milestone, Plan } from "@/db/schema";
import { formatFen } from "@/lib/domain/money";
import { fromShanghaiDate } from "@/lib/time";
import type { ResponsibleView } from "@/lib/plans/shared";

/** Small pieces every plan screen shows the same way: kind, frozen state, responsible party, money, dates. */

export function PlanKindBadge({ kind }: { kind: Plan["kind"] }) {
  const t = useTranslations("plans");
  return <Badge tone={kind === "official" ? "primary" : "info"}>{t(`kinds.${kind}`)}</Badge>;
}

export function FrozenBadge() {
  const t = useTranslations("plans");
  return <Badge tone="warning">{t("frozen")}</Badge>;
}

export function ResponsibleName({ responsible }: { responsible: ResponsibleView }) {
  const t = useTranslations("plans");
  if (responsible.kind === "none") return <span className="text-base-content/60">{t("responsibleNone")}</span>;
  return (
    <span>
      {responsible.name}
      {responsible.kind === "person" && <span className="font-mono text-sm text-base-content/60"> {responsible.displayNumber}</span>}
    </span>
  );
}

/** "¥12,800.50（维修资金）", or "no budget". */
export function BudgetText({ fen, source }: { fen: number; source: BudgetSource }) {
  const t = useTranslations("plans");
  if (fen === 0 && source === "none") return <span className="text-base-content/60">{t("noBudget")}</span>;
  return (
    <span>
      <span className="font-semibold tabular-nums">{formatFen(fen)}</span>
      {source !== "none" && <span className="text-base-content/70">{t("budgetSourceSuffix", { source: t(`sources.${source}`) })}</span>}
    </span>
  );
}

/** A calendar date (YYYY-MM-DD, Beijing time) for reading. */
export function DateText({ date, empty }: { date: string | null; empty?: string }) {
  const format = useFormatter();
  const t = useTranslations("plans");
  if (!date) return <span className="text-base-content/60">{empty ?? t("noDeadline")}</span>;
  return <time dateTime={date}>{format.dateTime(fromShanghaiDate(date), "date")}</time>;
}

export function MilestoneList({ milestones }: { milestones: Milestone[] }) {
  const t = useTranslations("plans");
  if (milestones.length === 0) return <span className="text-base-content/60">{t("noMilestones")}</span>;
  return (
    <ol className="flex flex-col gap-1">
      {milestones.map((m, i) => (
        <li key={i} className="flex flex-wrap gap-x-3">
          <span className="text-base-content/70 tabular-nums min-w-28">
            <DateText date={m.dueOn} />
          </span>
          <span>{m.title}</span>
        </li>
      ))}
    </ol>
  );
}
