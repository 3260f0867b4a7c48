import { and, asc, eq, type SQL } from "drizzle-orm";
import type { DB } from "@/db/client";
import { agendaItems, ballots, grids, people, supervisionRatings, topics } from "@/db/schema";
import { messages } from "@/lib/i18n/messages";
import { shanghaiDateTime } from "@/lib/time";
import type { ExportTable } from "./format";
import type { ExportScope } from "./scope";

const zh = messages["zh-CN"];
const stateLabels = zh.topics.states as Record<string, string>;
const ruleLabels = zh.ballots.rules as Record<string, string>;
const electorateLabels = zh.ballots.electorates as Record<string, string>;

export const exportKinds = ["topics", "ballots", "ratings"] as const;
export type ExportKind = (typeof exportKinds)[number];

export const sheetNames: Record<ExportKind, string> = { topics: "议题", ballots: "表决", ratings: "督导评价" };

export const topicHeaders = ["编号", "标题", "网格", "清单事项", "阶段", "层级", "发起人", "附议人数", "意见数", "整改轮次", "发起时间", "办结时间"];
export const ballotHeaders = ["编号", "议题", "表决规则", "表决人范围", "不记名", "开始", "截止", "应参与", "已参与", "是否通过"];
export const ratingHeaders = ["议题", "轮次", "督导员", "过程规范", "办理时效", "完成质量", "公开透明", "群众满意", "意见", "时间"];

/** The scope as a condition on the topics table: rows outside it are never read. */
function topicScope(scope: ExportScope): SQL {
  return scope.gridId != null
    ? and(eq(topics.communityId, scope.communityId), eq(topics.gridId, scope.gridId))!
    : eq(topics.communityId, scope.communityId);
}

export async function topicRows(db: DB, scope: ExportScope): Promise<ExportTable> {
  const rows = await db
    .select({ t: topics, grid: grids.name, item: agendaItems.name, proposer: people.name })
    .from(topics)
    .innerJoin(grids, eq(grids.id, topics.gridId))
    .innerJoin(agendaItems, eq(agendaItems.id, topics.agendaItemId))
    .innerJoin(people, eq(people.id, topics.proposerId))
    .where(topicScope(scope))
    .orderBy(asc(topics.id));
  return {
    headers: topicHeaders,
    rows: rows.map(({ t, grid, item, proposer }) => [
      t.id,
      t.title,
      grid,
      item,
      stateLabels[t.state] ?? t.state,
      t.level === "community" ? "社区" : "网格",
      proposer,
      t.cosignCount,
      t.opinionCount,
      t.rectificationRound,
      shanghaiDateTime(t.createdAt),
      shanghaiDateTime(t.closedAt),
    ]),
  };
}

/**
 * Ballots of the topics in scope. Results (turnout and outcome) only for closed ballots: an open
 * ballot shows nothing that could sway the vote, and choices are never exported at all.
 */
export async function ballotRows(db: DB, scope: ExportScope): Promise<ExportTable> {
  const rows = await db
    .select({ b: ballots, topic: topics.title })
    .from(ballots)
    .innerJoin(topics, eq(topics.id, ballots.topicId))
    .where(topicScope(scope))
    .orderBy(asc(ballots.id));
  return {
    headers: ballotHeaders,
    rows: rows.map(({ b, topic }) => {
      const closed = b.status === "closed";
      return [
        b.id,
        topic,
        ruleLabels[b.rule] ?? b.rule,
        electorateLabels[b.electorateKind] ?? b.electorateKind,
        b.secret ? "是" : "否",
        shanghaiDateTime(b.opensAt),
        shanghaiDateTime(b.closesAt),
        closed ? b.electorCount : "",
        closed ? b.votedCount : "",
        closed ? (b.passed ? "通过" : "未通过") : "表决中",
      ];
    }),
  };
}

export async function ratingRows(db: DB, scope: ExportScope): Promise<ExportTable> {
  const rows = await db
    .select({ r: supervisionRatings, topic: topics.title, supervisor: people.name })
    .from(supervisionRatings)
    .innerJoin(topics, eq(topics.id, supervisionRatings.topicId))
    .innerJoin(people, eq(people.id, supervisionRatings.supervisorId))
    .where(topicScope(scope))
    .orderBy(asc(supervisionRatings.topicId), asc(supervisionRatings.round), asc(supervisionRatings.id));
  return {
    headers: ratingHeaders,
    rows: rows.map(({ r, topic, supervisor }) => [
      topic,
      r.round,
      supervisor,
      r.process,
      r.timeliness,
      r.quality,
      r.transparency,
      r.satisfaction,
      r.comment,
      shanghaiDateTime(r.createdAt),
    ]),
  };
}

export async function exportTable(db: DB, kind: ExportKind, scope: ExportScope): Promise<ExportTable> {
  if (kind === "topics") return topicRows(db, scope);
  if (kind === "ballots") return ballotRows(db, scope);
  return ratingRows(db, scope);
}
