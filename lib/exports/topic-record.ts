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
import { earlyCloseGrounds, figureLabels, figureLine } from "@/lib/ballots/resolution-text";
import type { BallotResult } from "@/lib/ballots/tally-ballot";
import type { ActorCtx } from "@/lib/context";
import { ballotChoices } from "@/lib/domain/vote-rules";
import { messages } from "@/lib/i18n/messages";
import { plainText } from "@/lib/richtext/document";
import { loadVisibleTopic } from "@/lib/topics/access";
import { id } from "@/lib/validation/common";
import { shanghaiDateTime } from "@/lib/time";
import { first } from "@/db/query";

const zh = messages["zh-CN"];
const stateLabels = zh.topics.states as Record<string, string>;
const eventLabels = zh.topics.events as Record<string, string>;
const ruleLabels = zh.ballots.rules as Record<string, string>;
const levelLabels = zh.common.levels as Record<string, string>;
const figureNames = zh.ballots.figures as Record<string, string>;
const reasonLabels = zh.ballots.reasons as Record<string, string>;
const choiceLabels = zh.ballots.choices as Record<string, string>;
const recordWords = zh.topics.record;

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

const dimensions = (["process", "timeliness", "quality", "transparency", "satisfaction"] as const).map((key) => [key, zh.ratings.dimensions[key]] as const);

const satisfactionLabels = zh.ratings.answers;

function fill(template: string, data: Record<string, unknown> | null): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = data?.[k];
    return v == null ? "" : String(v);
  });
}

/**
 * A closed ballot's figures as a reader says them, label and value: who could and did vote, the
 * votes by choice or by plan, each figure of the rule as the resolution words it, the plan adopted
 * and the outcome. Never the stored result's own field names (kind, rule, electorCount…).
 */
function figuresOf(ballot: { electorCount: number; votedCount: number }, stored: Record<string, unknown> | null, planTitles: Map<number, string>): [string, string][] {
  const w = recordWords.figures;
  const out: [string, string][] = [
    [w.electors, String(ballot.electorCount)],
    [w.voted, String(ballot.votedCount)],
  ];
  const result = stored as Partial<BallotResult> | null;
  if (!result) return out;
  const votes = (count: number) => fill(w.votes, { count });
  // In the ballot's own order of choices, not the stored object's: jsonb (PostgreSQL) hands keys back reordered.
  const counts = result.counts as Record<string, number> | undefined;
  if (counts) for (const choice of ballotChoices) if (counts[choice] != null) out.push([choiceLabels[choice] ?? choice, votes(counts[choice])]);
  for (const o of result.optionCounts ?? []) out.push([`《${planTitles.get(o.planId) ?? "—"}》`, votes(o.votes)]);
  for (const f of result.figures ?? []) out.push([figureNames[f.key] ?? figureLabels[f.key], figureLine(f).slice(figureLabels[f.key].length).trim()]);
  if (result.kind === "choice" && result.winningPlanId != null) out.push([w.winner, `《${planTitles.get(result.winningPlanId) ?? "—"}》`]);
  if (result.reasonKey && reasonLabels[result.reasonKey]) out.push([w.reason, reasonLabels[result.reasonKey]!]);
  return out;
}

function wordedEventData(data: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!data || typeof data.level !== "string") return data;
  return { ...data, level: levelLabels[data.level] ?? data.level };
}

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

/** Gathers the whole record of a topic. Only published minutes and closed ballots are included. */
export async function loadTopicRecord(db: DB, topic: Topic): Promise<TopicRecord> {
  const head = await first(db
    .select({ grid: grids.name, item: agendaItems.name, proposer: people.name })
    .from(grids)
    .innerJoin(agendaItems, eq(agendaItems.id, topic.agendaItemId))
    .innerJoin(people, eq(people.id, topic.proposerId))
    .where(eq(grids.id, topic.gridId)));

  const timeline = (await db
    .select({ e: topicEvents, actor: people.name })
    .from(topicEvents)
    .leftJoin(people, eq(people.id, topicEvents.actorId))
    .where(eq(topicEvents.topicId, topic.id))
    .orderBy(asc(topicEvents.at), asc(topicEvents.id)))
    .map(({ e, actor }) => ({
      at: shanghaiDateTime(e.at),
      actor: actor ?? recordWords.system,
      // Stored values a reader would not understand ("grid") are said in words ("网格级").
      what: eventLabels[e.kind] ? fill(eventLabels[e.kind]!, wordedEventData(e.data ?? null)) : e.kind,
      note: e.note ?? "",
    }));

  const conclusions = (await db
    .select({ title: meetings.title, at: meetings.startsAt, conclusion: meetingAgendaItems.conclusion })
    .from(meetingAgendaItems)
    .innerJoin(meetings, eq(meetings.id, meetingAgendaItems.meetingId))
    .where(and(eq(meetingAgendaItems.topicId, topic.id), isNotNull(meetings.minutesPublishedAt)))
    .orderBy(asc(meetings.startsAt), asc(meetings.id)))
    .filter((m) => m.conclusion.trim())
    .map((m) => ({ meeting: m.title, at: shanghaiDateTime(m.at), conclusion: m.conclusion }));

  const planRows = (await db
    .select({ p: plans, r: planRevisions, org: organisations.name, person: people.name })
    .from(plans)
    .innerJoin(planRevisions, and(eq(planRevisions.planId, plans.id), eq(planRevisions.number, plans.currentRevision)))
    .leftJoin(organisations, eq(organisations.id, planRevisions.responsibleOrganisationId))
    .leftJoin(people, eq(people.id, planRevisions.responsiblePersonId))
    .where(eq(plans.topicId, topic.id))
    .orderBy(asc(plans.id)))
    .map(({ p, r, org, person }) => ({
      title: p.title,
      revision: r.number,
      responsible: [org, person, r.responsibleText].filter((x) => x && x.trim()).join("；"),
      budget: yuan(r.budgetFen),
      deadline: r.deadline ?? "",
    }));

  const planTitles = new Map((await db.select({ id: plans.id, title: plans.title }).from(plans).where(eq(plans.topicId, topic.id))).map((p) => [p.id, p.title]));
  const ballotRows = (await db
    .select()
    .from(ballots)
    .where(and(eq(ballots.topicId, topic.id), eq(ballots.status, "closed")))
    .orderBy(asc(ballots.id)))
    .map((b) => ({
      title: b.title,
      rule: ruleLabels[b.rule] ?? b.rule,
      passed: !!b.passed,
      opensAt: shanghaiDateTime(b.opensAt),
      closesAt: shanghaiDateTime(b.closesAt),
      earlyClose: b.earlyCloseGround && b.earlyClosedAt ? { at: shanghaiDateTime(b.earlyClosedAt), ground: earlyCloseGrounds[b.earlyCloseGround] } : null,
      figures: figuresOf(b, b.result, planTitles),
    }));

  const resolutionRows = await db
    .select({ number: resolutions.number, title: resolutions.title, text: resolutions.text })
    .from(resolutions)
    .where(eq(resolutions.topicId, topic.id))
    .orderBy(asc(resolutions.id));

  const ratingRows = await db.select().from(supervisionRatings).where(eq(supervisionRatings.topicId, topic.id));
  const satisfactionRows = await db.select().from(satisfactionVotes).where(eq(satisfactionVotes.topicId, topic.id));
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
export async function getTopicRecord(ctx: ActorCtx, raw: unknown): Promise<TopicRecord> {
  const { topicId } = topicRecordRef.parse(raw);
  return loadTopicRecord(ctx.db, await loadVisibleTopic(ctx.db, ctx.actor, topicId));
}
