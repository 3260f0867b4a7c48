import { and, asc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import {
  agendaItems,
  ballots,
  grids,
  meetingAgendaItems,
  meetings,
  organisations,
  people,
  planRevisions,
  plans,
  resolutions,
  satisfactionVotes,
  supervisionRatings,
  topicEvents,
  type Topic,
} from "@/db/schema";
import { earlyCloseGrounds } from "@/lib/ballots/resolution-text";
import type { ActorCtx } from "@/lib/context";
import { messages } from "@/lib/i18n/messages";
import { plainText } from "@/lib/richtext/document";
import { loadVisibleTopic } from "@/lib/topics/access";
import { id } from "@/lib/validation/common";
import { shanghaiDateTime } from "@/lib/time";

const zh = messages["zh-CN"];
const stateLabels = zh.topics.states as Record<string, string>;
const eventLabels = zh.topics.events as Record<string, string>;
const ruleLabels = zh.ballots.rules as Record<string, string>;

// ── What goes into the record

export type TopicRecord = {
  id: number;
  title: string;
  grid: string;
  item: string;
  proposer: string;
  state: string;
  createdAt: string;
  closedAt: string;
  description: string;
  timeline: { at: string; actor: string; what: string; note: string }[];
  conclusions: { meeting: string; at: string; conclusion: string }[];
  plans: { title: string; revision: number; responsible: string; budget: string; deadline: string }[];
  /**
   * The period as announced (opensAt → closesAt, never rewritten) and, when staff closed the ballot
   * before closesAt, when and on which ground — worded as the resolution words it.
   */
  ballots: {
    title: string;
    rule: string;
    passed: boolean;
    opensAt: string;
    closesAt: string;
    earlyClose: { at: string; ground: string } | null;
    figures: [string, string][];
  }[];
  resolutions: { number: string; title: string; text: string }[];
  ratings: { round: number; count: number; means: [string, string][]; satisfaction: [string, number][] }[];
};

const dimensions = [
  ["process", "过程规范"],
  ["timeliness", "办理时效"],
  ["quality", "完成质量"],
  ["transparency", "公开透明"],
  ["satisfaction", "群众满意"],
] as const;

const satisfactionLabels = { satisfied: "满意", basicallySatisfied: "基本满意", notSatisfied: "不满意" } as const;

function fill(template: string, data: Record<string, unknown> | null): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = data?.[k];
    return v == null ? "" : String(v);
  });
}

/** The primitive figures of a ballot's tally, as label/value pairs in their stored order. */
function figuresOf(result: Record<string, unknown> | null): [string, string][] {
  if (!result) return [];
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(result)) {
    if (v == null) continue;
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") out.push([k, String(v)]);
    else if (typeof v === "object" && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
        if (typeof v2 === "number" || typeof v2 === "string" || typeof v2 === "boolean") out.push([`${k}.${k2}`, String(v2)]);
      }
    }
  }
  return out;
}

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

/** Gathers the whole record of a topic. Only published minutes and closed ballots are included. */
export function loadTopicRecord(db: DB, topic: Topic): TopicRecord {
  const head = db
    .select({ grid: grids.name, item: agendaItems.name, proposer: people.name })
    .from(grids)
    .innerJoin(agendaItems, eq(agendaItems.id, topic.agendaItemId))
    .innerJoin(people, eq(people.id, topic.proposerId))
    .where(eq(grids.id, topic.gridId))
    .get();

  const timeline = db
    .select({ e: topicEvents, actor: people.name })
    .from(topicEvents)
    .leftJoin(people, eq(people.id, topicEvents.actorId))
    .where(eq(topicEvents.topicId, topic.id))
    .orderBy(asc(topicEvents.at), asc(topicEvents.id))
    .all()
    .map(({ e, actor }) => ({
      at: shanghaiDateTime(e.at),
      actor: actor ?? "系统",
      what: eventLabels[e.kind] ? fill(eventLabels[e.kind]!, e.data ?? null) : e.kind,
      note: e.note ?? "",
    }));

  const conclusions = db
    .select({ title: meetings.title, at: meetings.startsAt, conclusion: meetingAgendaItems.conclusion })
    .from(meetingAgendaItems)
    .innerJoin(meetings, eq(meetings.id, meetingAgendaItems.meetingId))
    .where(and(eq(meetingAgendaItems.topicId, topic.id), isNotNull(meetings.minutesPublishedAt)))
    .orderBy(asc(meetings.startsAt))
    .all()
    .filter((m) => m.conclusion.trim())
    .map((m) => ({ meeting: m.title, at: shanghaiDateTime(m.at), conclusion: m.conclusion }));

  const planRows = db
    .select({ p: plans, r: planRevisions, org: organisations.name, person: people.name })
    .from(plans)
    .innerJoin(planRevisions, and(eq(planRevisions.planId, plans.id), eq(planRevisions.number, plans.currentRevision)))
    .leftJoin(organisations, eq(organisations.id, planRevisions.responsibleOrganisationId))
    .leftJoin(people, eq(people.id, planRevisions.responsiblePersonId))
    .where(eq(plans.topicId, topic.id))
    .orderBy(asc(plans.id))
    .all()
    .map(({ p, r, org, person }) => ({
      title: p.title,
      revision: r.number,
      responsible: [org, person, r.responsibleText].filter((x) => x && x.trim()).join("；"),
      budget: yuan(r.budgetFen),
      deadline: r.deadline ?? "",
    }));

  const ballotRows = db
    .select()
    .from(ballots)
    .where(and(eq(ballots.topicId, topic.id), eq(ballots.status, "closed")))
    .orderBy(asc(ballots.id))
    .all()
    .map((b) => ({
      title: b.title,
      rule: ruleLabels[b.rule] ?? b.rule,
      passed: !!b.passed,
      opensAt: shanghaiDateTime(b.opensAt),
      closesAt: shanghaiDateTime(b.closesAt),
      earlyClose: b.earlyCloseGround && b.earlyClosedAt ? { at: shanghaiDateTime(b.earlyClosedAt), ground: earlyCloseGrounds[b.earlyCloseGround] } : null,
      figures: [["应参与", String(b.electorCount)], ["已参与", String(b.votedCount)], ...figuresOf(b.result)] as [string, string][],
    }));

  const resolutionRows = db
    .select({ number: resolutions.number, title: resolutions.title, text: resolutions.text })
    .from(resolutions)
    .where(eq(resolutions.topicId, topic.id))
    .orderBy(asc(resolutions.id))
    .all();

  const ratingRows = db.select().from(supervisionRatings).where(eq(supervisionRatings.topicId, topic.id)).all();
  const satisfactionRows = db.select().from(satisfactionVotes).where(eq(satisfactionVotes.topicId, topic.id)).all();
  const rounds = [...new Set([...ratingRows.map((r) => r.round), ...satisfactionRows.map((s) => s.round)])].sort((a, b) => a - b);
  const ratings = rounds.map((round) => {
    const rs = ratingRows.filter((r) => r.round === round);
    const ss = satisfactionRows.filter((s) => s.round === round);
    return {
      round,
      count: rs.length,
      means: dimensions.map(([key, label]) => [label, rs.length ? (rs.reduce((sum, r) => sum + r[key], 0) / rs.length).toFixed(2) : "—"] as [string, string]),
      satisfaction: (Object.keys(satisfactionLabels) as (keyof typeof satisfactionLabels)[]).map(
        (a) => [satisfactionLabels[a], ss.filter((s) => s.answer === a).length] as [string, number],
      ),
    };
  });

  return {
    id: topic.id,
    title: topic.title,
    grid: head?.grid ?? "",
    item: head?.item ?? "",
    proposer: head?.proposer ?? "",
    state: stateLabels[topic.state] ?? topic.state,
    createdAt: shanghaiDateTime(topic.createdAt),
    closedAt: shanghaiDateTime(topic.closedAt),
    description: plainText((topic.descriptionJson ?? { type: "doc" }) as { content?: unknown[] }),
    timeline,
    conclusions,
    plans: planRows,
    ballots: ballotRows,
    resolutions: resolutionRows,
    ratings,
  };
}

const topicRecordRef = z.object({ topicId: id });

/**
 * The whole record of a topic as plain data, for whoever may see the topic (404 otherwise, as for
 * the topic itself). Laid out as a PDF by topic-record-layout.mjs; reads only.
 */
export function getTopicRecord(ctx: ActorCtx, raw: unknown): TopicRecord {
  const { topicId } = topicRecordRef.parse(raw);
  return loadTopicRecord(ctx.db, loadVisibleTopic(ctx.db, ctx.actor, topicId));
}
