import { and, asc, eq, ne } from "drizzle-orm";
import { buildings, grids, meetingAgendaItems, meetings, plans, type Topic } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { isOwnersRule, stricterOrEqual, voteRuleIds, type VoteRuleId } from "@/lib/domain/vote-rules";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { topicBallotsQuery } from "@/lib/validation/ballots";
import { presentCount } from "./electorate";
import { itemRuleOf } from "./open-ballot";

export type BallotOpenOptions = {
  topic: { id: number; title: string; state: Topic["state"]; level: Topic["level"]; buildingId: number | null };
  /** Whether a ballot can be opened now (the topic is in drafting and has a plan). */
  canOpen: boolean;
  /** The catalog item's rule, and the rules staff may choose instead (equal or stricter). */
  itemRule: VoteRuleId;
  rules: VoteRuleId[];
  /** Owners' rules need an owners' electorate. */
  ownersRule: boolean;
  plans: { id: number; title: string; kind: "official" | "alternative"; currentRevision: number; frozen: boolean }[];
  meetings: { id: number; title: string; startsAt: Date; status: string; present: number }[];
  buildings: { id: number; name: string; gridName: string }[];
};

/** What the "open a ballot" form offers for a topic: its plans, the rules allowed, its meetings and buildings. */
export async function ballotOpenOptions(ctx: ActorCtx, raw: unknown): Promise<BallotOpenOptions> {
  const { topicId } = topicBallotsQuery.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  authorize(actor, "ballot.manage", topicResource(topic));
  const itemRule = await itemRuleOf(db, topic);
  const planRows = await db
    .select({ id: plans.id, title: plans.title, kind: plans.kind, currentRevision: plans.currentRevision, frozenAt: plans.frozenAt })
    .from(plans)
    .where(eq(plans.topicId, topic.id))
    .orderBy(asc(plans.id));
  const meetingRows = await db
    .select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt, status: meetings.status })
    .from(meetings)
    .innerJoin(meetingAgendaItems, and(eq(meetingAgendaItems.meetingId, meetings.id), eq(meetingAgendaItems.topicId, topic.id)))
    .where(and(eq(meetings.communityId, topic.communityId), ne(meetings.status, "cancelled")))
    .orderBy(asc(meetings.startsAt), asc(meetings.id));
  const buildingRows = await db
    .select({ id: buildings.id, name: buildings.name, gridName: grids.name })
    .from(buildings)
    .innerJoin(grids, eq(grids.id, buildings.gridId))
    .where(topic.level === "grid" ? eq(buildings.gridId, topic.gridId) : eq(grids.communityId, topic.communityId))
    .orderBy(asc(grids.code), asc(buildings.code));
  return {
    topic: { id: topic.id, title: topic.title, state: topic.state, level: topic.level, buildingId: topic.buildingId },
    canOpen: topic.state === "drafting" && planRows.length > 0,
    itemRule,
    rules: voteRuleIds.filter((r) => stricterOrEqual(r, itemRule)),
    ownersRule: isOwnersRule(itemRule),
    plans: planRows.map((p) => ({ id: p.id, title: p.title, kind: p.kind, currentRevision: p.currentRevision, frozen: p.frozenAt != null })),
    meetings: (await Promise.all(meetingRows.map(async (m) => ({ ...m, present: await presentCount(db, m.id) })))),
    buildings: buildingRows,
  };
}
