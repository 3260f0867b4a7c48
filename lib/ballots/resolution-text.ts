import type { Ballot, BudgetSource, ElectorateKind, Milestone } from "@/db/schema";
import type { Figure, FigureKey, VoteRuleId } from "@/lib/domain/vote-rules";
import { formatFen } from "@/lib/domain/money";
import { shanghaiParts } from "@/lib/time";
import type { BallotResult } from "./tally-ballot";

/**
 * The text of a resolution (决议), in Chinese, generated from the frozen revision of the plan that
 * passed and from the tally: nobody types it, so it cannot say anything the vote did not decide.
 * Pure: names are looked up by the caller.
 */

export type EarlyCloseGround = NonNullable<Ballot["earlyCloseGround"]>;

export type ResolutionTextInput = {
  number: string;
  communityName: string;
  gridName: string | null;
  topicTitle: string;
  ballotTitle: string;
  electorateKind: ElectorateKind;
  /** The meeting's title, the building's name: what the electorate is of, where it has a name. */
  electorateName: string | null;
  secret: boolean;
  opensAt: Date;
  /** The announced closing time, never rewritten: the period the resolution states. */
  closesAt: Date;
  /** When the vote ended: the closing time, or the moment staff closed it early. The resolution is dated from it. */
  closedAt: Date;
  /** Set when staff closed the ballot before closesAt: on which ground, and when. */
  earlyClose: { ground: EarlyCloseGround; at: Date } | null;
  plan: {
    title: string;
    revisionNumber: number;
    responsible: string;
    budgetFen: number;
    budgetSource: BudgetSource;
    /** YYYY-MM-DD, Beijing date. */
    deadline: string | null;
    milestones: Milestone[];
  };
  /** Titles of every plan on a choice ballot, for the vote counts. */
  planTitles: Record<number, string>;
  result: BallotResult;
};

export const figureLabels: Record<FigureKey, string> = {
  quorum: "出席人数",
  turnout: "投票参与率",
  participationArea: "参与面积",
  participationHeadcount: "参与人数",
  approvalArea: "同意面积",
  approvalHeadcount: "同意人数",
  approvalVotes: "同意票数",
};

export const ruleNames: Record<VoteRuleId, string> = {
  simpleMajority: "过半数通过",
  twoThirds: "三分之二以上通过",
  ownersMajority: "业主共同决定（一般事项）",
  ownersSupermajority: "业主共同决定（重大事项）",
};

const ruleTerms: Record<VoteRuleId, string> = {
  simpleMajority: "同意票超过参与表决票数的一半",
  twoThirds: "同意票达到参与表决票数的三分之二以上",
  ownersMajority:
    "依《民法典》第二百七十八条，由专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，并经参与表决专有部分面积过半数的业主且参与表决人数过半数的业主同意",
  ownersSupermajority:
    "依《民法典》第二百七十八条，由专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，并经参与表决专有部分面积四分之三以上的业主且参与表决人数四分之三以上的业主同意",
};

const budgetSources: Record<BudgetSource, string> = {
  none: "无需资金",
  propertyFirm: "物业服务企业承担",
  maintenanceFund: "专项维修资金",
  publicRevenue: "公共收益",
  government: "政府资金",
  residents: "居民自筹",
};

/**
 * Why a ballot ended before its announced closing time, as the resolution states it: the ground's
 * name on the ballot page (close.grounds in ballots.json), and what it means for the verdict.
 */
export const earlyCloseGrounds: Record<EarlyCloseGround, string> = {
  allVoted: "全部表决人已投票",
  settled: "结果已确定（其余未投票的表决人无论如何投票，均不能改变表决结论）",
  meetingChair: "会议主持人在会上结束表决",
};

/** A date as written in Chinese, in Beijing time: 2026年3月15日. */
export function chineseDate(at: Date): string {
  const p = shanghaiParts(at);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** A date and time in Beijing time: 2026年3月15日 18:00 — a period may end on the day it is cut short. */
export function chineseDateTime(at: Date): string {
  const p = shanghaiParts(at);
  return `${chineseDate(at)} ${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
}

function chineseDay(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : ymd;
}

/** Hundredths of a square metre as written: 136300 → "1363.00". */
export function squareMetres(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}`;
}

const numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** One figure of the rule as the notice reads it: "参与面积 68.2% ≥ 66.7%（1363.00 / 2000.00 平方米），达到". */
export function figureLine(f: Figure): string {
  const label = figureLabels[f.key];
  const verdict = f.met ? "达到" : "未达到";
  if (f.key === "quorum") return `${label} ${f.numerator} 人 ${f.comparator} 法定人数 ${f.denominator} 人，${verdict}`;
  const isArea = f.key === "participationArea" || f.key === "approvalArea";
  const amounts = isArea ? `${squareMetres(f.numerator)} / ${squareMetres(f.denominator)} 平方米` : `${f.numerator} / ${f.denominator} ${f.key === "approvalVotes" ? "票" : "人"}`;
  return `${label} ${f.percent} ${f.comparator} ${f.thresholdPercent}（${amounts}），${verdict}`;
}

function electorateText(kind: ElectorateKind, name: string | null, input: ResolutionTextInput): string {
  switch (kind) {
    case "meetingAttendees":
      return name ? `议事会《${name}》到会人员` : "议事会到会人员";
    case "gridResidents":
      return `${input.gridName ?? ""}全体已核实居民`;
    case "buildingOwners":
      return `${name ?? ""}全体业主`;
    case "estateOwners":
      return `${input.communityName}全体业主`;
  }
}

export function resolutionTitle(planTitle: string): string {
  return `关于《${planTitle}》的决议`;
}

export function resolutionText(input: ResolutionTextInput): string {
  const { result, plan } = input;
  const owners = input.electorateKind === "buildingOwners" || input.electorateKind === "estateOwners";
  const lines: string[] = [];
  lines.push(input.number, "", resolutionTitle(plan.title), "");
  // The period is the one announced; an early close is said as such, with its time and ground,
  // never by moving the end of the period.
  const early = input.earlyClose
    ? `本次表决于${chineseDateTime(input.earlyClose.at)}提前结束，早于公布的截止时间，依据：${earlyCloseGrounds[input.earlyClose.ground]}。`
    : "";
  lines.push(
    `${input.communityName}${input.gridName ?? ""}就“${input.topicTitle}”议题，以${input.secret ? "不记名" : "记名"}方式组织${electorateText(input.electorateKind, input.electorateName, input)}进行表决（${input.ballotTitle}），公布的投票期为${chineseDateTime(input.opensAt)}至${chineseDateTime(input.closesAt)}。${early}现将表决结果和决议事项公布如下。`,
    "",
  );

  lines.push("一、表决结果");
  const electorate = owners
    ? `应参与表决业主 ${result.electorCount} 人，专有部分面积 ${squareMetres(result.electorAreaHundredths)} 平方米；实际参与表决 ${result.votesCast} 人，专有部分面积 ${squareMetres(result.votedAreaHundredths)} 平方米。`
    : input.electorateKind === "meetingAttendees"
      ? `到会 ${result.quorum?.present ?? result.electorCount} 人，参与表决 ${result.votesCast} 人。`
      : `应参与表决 ${result.electorCount} 人，实际参与表决 ${result.votesCast} 人。`;
  lines.push(electorate);
  if (result.counts) {
    lines.push(`同意 ${result.counts.agree} 票，反对 ${result.counts.disagree} 票，弃权 ${result.counts.abstain} 票。`);
  }
  if (result.optionCounts) {
    const each = result.optionCounts.map((o) => `《${input.planTitles[o.planId] ?? o.planId}》${o.votes} 票`).join("，");
    lines.push(`各方案得票：${each}；共 ${result.votesCast} 票。《${plan.title}》获得参与投票的过半数。`);
  }
  lines.push(`表决规则：${ruleNames[result.rule]}，即${ruleTerms[result.rule]}。`);
  lines.push("各项指标：");
  result.figures.forEach((f, i) => lines.push(`${i + 1}. ${figureLine(f)}${i === result.figures.length - 1 ? "。" : "；"}`));
  lines.push(`表决结论：方案获得通过。`, "");

  lines.push("二、决议事项");
  const items: string[] = [
    `方案：《${plan.title}》（第 ${plan.revisionNumber} 版，表决时冻结的版本）`,
    `责任方：${plan.responsible || "未指定"}`,
    `预算：${plan.budgetFen > 0 ? formatFen(plan.budgetFen) : "无"}，资金来源：${budgetSources[plan.budgetSource]}`,
    `完成期限：${plan.deadline ? chineseDay(plan.deadline) : "未定"}`,
  ];
  if (plan.milestones.length > 0) {
    items.push(`实施节点：\n${plan.milestones.map((m, i) => `   ${i + 1}. ${chineseDay(m.dueOn)} ${m.title}`).join("\n")}`);
  }
  items.forEach((item, i) => lines.push(`（${numerals[i] ?? i + 1}）${item}`));
  lines.push("");

  lines.push(`三、本决议自表决结束之日（${chineseDate(input.closedAt)}）起生效，在公示栏公示七日，由责任方按上述事项办理，接受居民监督评价。`, "");
  lines.push(`${input.communityName}网格议事厅`, chineseDate(input.closedAt));
  return lines.join("\n");
}
