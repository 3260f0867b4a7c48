import { useTranslations } from "next-intl";
import type { BallotPhase } from "@/lib/ballots/access";
import type { Turnout } from "@/lib/ballots/get-ballot";
import type { SettlementView } from "@/lib/ballots/close-status";
import type { BallotResult } from "@/lib/ballots/tally-ballot";
import type { Figure } from "@/lib/domain/vote-rules";

const phaseTone: Record<BallotPhase, string> = { upcoming: "badge-info", open: "badge-secondary", awaitingCount: "badge-warning", closed: "badge-ghost" };

export function PhaseBadge({ phase, passed }: { phase: BallotPhase; passed?: boolean | null }) {
  const t = useTranslations("ballots");
  if (phase === "closed" && passed != null) {
    return <span className={`badge badge-md whitespace-nowrap ${passed ? "badge-success" : "badge-error"}`}>{passed ? t("outcome.passed") : t("outcome.failed")}</span>;
  }
  return <span className={`badge badge-md whitespace-nowrap ${phaseTone[phase]}`}>{t(`phases.${phase}`)}</span>;
}

/** Hundredths of a square metre as written: 136300 → "1363.00". */
export function squareMetres(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}`;
}

/**
 * One figure: "达到 参与面积 68.2% ≥ 66.7%" and the amounts it is made of. The state is written out
 * beside the mark: the figure itself reads like a claim and says nothing of whether it holds. While
 * the ballot is open (`open`) nothing has failed yet: an unmet figure is 尚未达到, in a neutral tone.
 * `amounts={false}` where the amounts are already shown next to it (the turnout card's headcount).
 */
export function FigureLine({ figure, open = false, amounts = true }: { figure: Figure; open?: boolean; amounts?: boolean }) {
  const t = useTranslations("ballots");
  const label = t(`figures.${figure.key}`);
  const main =
    figure.key === "quorum" ? `${label} ${figure.numerator} ${figure.comparator} ${figure.denominator}` : `${label} ${figure.percent} ${figure.comparator} ${figure.thresholdPercent}`;
  const amountText = !amounts
    ? null
    : figure.key === "quorum"
      ? t("amounts.quorum", { present: figure.numerator, required: figure.denominator })
      : figure.key === "participationArea" || figure.key === "approvalArea"
        ? t("amounts.area", { numerator: squareMetres(figure.numerator), denominator: squareMetres(figure.denominator) })
        : figure.key === "approvalVotes"
          ? t("amounts.votes", { numerator: figure.numerator, denominator: figure.denominator })
          : figure.key === "turnout"
            ? t("amounts.turnout", { numerator: figure.numerator, denominator: figure.denominator })
            : t("amounts.people", { numerator: figure.numerator, denominator: figure.denominator });
  const state = figure.met ? (open ? "metSoFar" : "met") : open ? "notYetMet" : "notMet";
  const tone = figure.met ? "text-success" : open ? "text-base-content/70" : "text-error";
  return (
    <li className="flex flex-wrap items-baseline gap-x-3 gap-y-1" data-testid="figure">
      <span className={`text-base font-bold whitespace-nowrap ${tone}`}>
        <span aria-hidden>{figure.met ? "✓" : open ? "○" : "✗"}</span> {t(`outcome.${state}`)}
      </span>
      <span className="text-lg font-semibold">{main}</span>
      {amountText && <span className="text-base-content/70">{amountText}</span>}
    </li>
  );
}

/** Turnout while open (headcount and, for owners, area); never a choice. */
export function TurnoutBars({ turnout, compact = false }: { turnout: Turnout; compact?: boolean }) {
  const t = useTranslations("ballots");
  const bars = [
    { key: "headcount", value: turnout.votedCount, max: turnout.electorCount, text: t("turnout.headcount", { voted: turnout.votedCount, total: turnout.electorCount, percent: turnout.headcountPercent }) },
    ...(turnout.electorAreaHundredths > 0
      ? [
          {
            key: "area",
            value: turnout.votedAreaHundredths,
            max: turnout.electorAreaHundredths,
            text: t("turnout.area", { voted: squareMetres(turnout.votedAreaHundredths), total: squareMetres(turnout.electorAreaHundredths), percent: turnout.areaPercent }),
          },
        ]
      : []),
  ];
  return (
    <div className={`flex flex-col ${compact ? "gap-1" : "gap-3"}`}>
      {bars.map((b) => (
        <div key={b.key}>
          <div className={compact ? "text-sm" : "text-base font-medium"}>{b.text}</div>
          <progress className="progress progress-primary w-full" value={Math.min(b.value, b.max)} max={Math.max(b.max, 1)} aria-label={b.text} />
        </div>
      ))}
    </div>
  );
}

/** The result once closed: passed or failed and why, then every figure of the rule. */
export function ResultSummary({ result, planTitles }: { result: BallotResult; planTitles: Record<number, string> }) {
  const t = useTranslations("ballots");
  return (
    <div className="flex flex-col gap-3" data-testid="ballot-result">
      <p className={`text-2xl font-bold ${result.passed ? "text-success" : "text-error"}`}>
        {result.passed ? t("outcome.passedLong") : t("outcome.failedLong")}
      </p>
      <p className="text-base">{t(`reasons.${result.reasonKey}`)}</p>
      {result.counts && (
        <dl className="grid grid-cols-3 gap-2 text-center">
          {(["agree", "disagree", "abstain"] as const).map((c) => (
            <div key={c} className="rounded-box border border-base-300 p-2">
              <dt className="text-sm text-base-content/70">{t(`choices.${c}`)}</dt>
              <dd className="text-2xl font-bold">{result.counts![c]}</dd>
            </div>
          ))}
        </dl>
      )}
      {result.optionCounts && (
        <ul className="flex flex-col gap-1">
          {result.optionCounts.map((o) => (
            <li key={o.planId} className={`flex items-center gap-2 rounded-box border p-2 ${o.planId === result.winningPlanId ? "border-success bg-success/5" : "border-base-300"}`}>
              <span className="flex-1">{planTitles[o.planId] ?? o.planId}</span>
              <span className="font-bold">{t("amounts.optionVotes", { count: o.votes })}</span>
            </li>
          ))}
        </ul>
      )}
      <div>
        <h3 className="font-semibold">{t("result.rule", { rule: t(`rules.${result.rule}`) })}</h3>
        <p className="text-sm text-base-content/70">{t(`ruleTerms.${result.rule}`)}</p>
      </div>
      <ul className="flex flex-col gap-1">
        {result.figures.map((f) => (
          <FigureLine key={f.key} figure={f} />
        ))}
      </ul>
    </div>
  );
}

/**
 * 结果已确定: the verdict no outstanding vote can change, who is still to vote, and which thresholds
 * are decided — by name, without counts: the ballot is still secret (see SettlementView).
 */
export function SettledPanel({ settlement, kind, planTitles }: { settlement: SettlementView; kind: "single" | "choice"; planTitles: Record<number, string> }) {
  const t = useTranslations("ballots");
  const n = settlement.outstanding;
  const lead = settlement.passed
    ? kind === "choice"
      ? t("settled.passedChoice", { outstanding: n, plan: planTitles[settlement.winningPlanId ?? -1] ?? "" })
      : t("settled.passed", { outstanding: n })
    : kind === "choice"
      ? t("settled.failedChoice", { outstanding: n })
      : t("settled.failed", { outstanding: n });
  return (
    <section className={`rounded-box border p-3 flex flex-col gap-2 ${settlement.passed ? "border-success bg-success/5" : "border-error bg-error/5"}`} data-testid="settled" aria-labelledby="settled-title">
      <h3 id="settled-title" className="text-lg font-bold">
        {t("settled.title")}：{settlement.passed ? t("outcome.passedLong") : t("outcome.failedLong")}
      </h3>
      <p className="text-base">{lead}</p>
      {settlement.outstandingAreaHundredths > 0 && <p className="text-sm text-base-content/70">{t("settled.outstandingArea", { area: squareMetres(settlement.outstandingAreaHundredths) })}</p>}
      {settlement.decided.length > 0 && (
        <ul className="flex flex-col gap-1" aria-label={t("settled.decidedTitle")}>
          {settlement.decided.map((d) => (
            <li key={d.key} className="flex items-baseline gap-2 text-base" data-testid="decided">
              <span className={`font-bold ${d.met ? "text-success" : "text-error"}`} aria-hidden>
                {d.met ? "✓" : "✗"}
              </span>
              <span>{t(d.met ? "settled.decidedMet" : "settled.decidedNotMet", { figure: t(`figures.${d.key}`) })}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="text-sm text-base-content/70">{t("settled.noCounts")}</p>
    </section>
  );
}
