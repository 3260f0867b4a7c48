import { and, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { agendaItems, ballotOptions, ballots, buildings, communities, grids, meetingAgendaItems, meetings, plans, topicEvents, type Topic } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append";
import type { BallotOpenedPayload } from "@/lib/audit/payloads";
import type { Actor } from "@/lib/auth/actor";
import { authorize, type Resource } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { isOwnersRule, stricterOrEqual, turnoutFloorFor, type Threshold, type VoteRuleId } from "@/lib/domain/vote-rules";
import { invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { notify } from "@/lib/notifications/notify";
import { freezePlans } from "@/lib/plans/freeze-plans";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { applyTransition } from "@/lib/topics/apply-transition";
import { topicFollowerIds } from "@/lib/topics/staff-of-topic";
import { openBallotInput, type OpenBallotInput } from "@/lib/validation/ballots";
import { electorsDigest, electorsForAudit, insertElectors, snapshotElectorate } from "./electorate";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type OpenedBallot = { ballotId: number; topicId: number; state: Topic["state"]; electorCount: number; electorAreaHundredths: number };

const ownersElectorates = ["buildingOwners", "estateOwners"] as const;

/** The rule the topic's catalog item proposes (议事清单 sets the rule each matter is decided by). */
export async function itemRuleOf(db: DB | Tx, topic: Pick<Topic, "agendaItemId">): Promise<VoteRuleId> {
  return (await first(db.select({ rule: agendaItems.defaultVoteRule }).from(agendaItems).where(eq(agendaItems.id, topic.agendaItemId))))?.rule ?? "simpleMajority";
}

/**
 * The participation floor a ballot of this topic opens with: the catalog item's, else the
 * community's, else more than half — only for residents' and attendees' simple rules.
 */
async function turnoutFloorOf(db: DB | Tx, topic: Pick<Topic, "agendaItemId" | "communityId">, rule: VoteRuleId, electorateKind: string): Promise<Threshold | null> {
  const item = await first(db
    .select({ percent: agendaItems.minTurnoutPercent })
    .from(agendaItems)
    .where(eq(agendaItems.id, topic.agendaItemId)));
  const community = await first(db.select({ percent: communities.minTurnoutPercent }).from(communities).where(eq(communities.id, topic.communityId)));
  return turnoutFloorFor(rule, electorateKind, item?.percent, community?.percent);
}

/**
 * Checks what the input says about where and under which rule the vote is held, before anything is
 * written: the rule at least as strict as the item's, an owners' rule only with an owners'
 * electorate, the meeting one where this topic is on the agenda, the building within the topic's
 * reach, a closing time still ahead.
 */
async function checkSetting(db: DB | Tx, topic: Topic, input: OpenBallotInput, now: Date): Promise<{ rule: VoteRuleId; opensAt: Date }> {
  const itemRule = await itemRuleOf(db, topic);
  const rule = input.rule ?? itemRule;
  if (!stricterOrEqual(rule, itemRule)) throw invalid("ruleNotStricter", { rule: "ruleNotStricter" });
  if (isOwnersRule(rule) && !(ownersElectorates as readonly string[]).includes(input.electorateKind)) {
    throw invalid("ownersRuleNeedsOwners", { electorateKind: "ownersRuleNeedsOwners" });
  }
  if (input.electorateKind === "meetingAttendees") {
    const meeting = await first(db
      .select({ id: meetings.id, status: meetings.status, communityId: meetings.communityId })
      .from(meetings)
      .innerJoin(meetingAgendaItems, and(eq(meetingAgendaItems.meetingId, meetings.id), eq(meetingAgendaItems.topicId, topic.id)))
      .where(eq(meetings.id, input.meetingId ?? -1)));
    if (!meeting || meeting.communityId !== topic.communityId || meeting.status === "cancelled") throw invalid("ballotMeetingInvalid", { meetingId: "ballotMeetingInvalid" });
  }
  if (input.electorateKind === "buildingOwners") {
    const building = await first(db
      .select({ gridId: buildings.gridId, communityId: grids.communityId })
      .from(buildings)
      .innerJoin(grids, eq(grids.id, buildings.gridId))
      .where(eq(buildings.id, input.buildingId ?? -1)));
    // A grid's matter concerns its own buildings; a community-level matter any building of the community.
    if (!building || building.communityId !== topic.communityId || (topic.level === "grid" && building.gridId !== topic.gridId)) {
      throw invalid("ballotBuildingInvalid", { buildingId: "ballotBuildingInvalid" });
    }
  }
  const opensAt = input.opensAt ?? now;
  if (input.closesAt.getTime() <= now.getTime()) throw invalid("ballotClosesInPast", { closesAt: "ballotClosesInPast" });
  if (input.closesAt.getTime() <= opensAt.getTime()) throw invalid("ballotClosesBeforeOpens", { closesAt: "ballotClosesBeforeOpens" });
  return { rule, opensAt };
}

/**
 * Staff who own a topic in drafting open a ballot (表决) on one plan or on several competing ones.
 * In one transaction: the topic moves to voting, the plans are frozen at their current revision,
 * the electorate is snapshotted (owners counted per the Civil Code), the timeline, the event log
 * and the audit chain record the opening, and the electorate is told.
 */
export async function openBallot(ctx: ActorCtx, raw: unknown, now = new Date(), from?: MeetingChairCall): Promise<OpenedBallot> {
  const input = openBallotInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  const scope = meetingChairScope(from, input);
  authorize(actor, "ballot.manage", { ...topicResource(topic), ...scope });
  const { rule, opensAt } = await checkSetting(db, topic, input, now);
  return await unitOfWork(db, async (tx) => openInTx(tx, actor, topic, input, rule, opensAt, now, scope));
}

/**
 * A call from a meeting's room (lib/meetings/room/open-live-vote.ts), made after the policy let the
 * actor chair that meeting ("meeting.chair"). It counts only for that meeting's attendee ballot:
 * any other electorate or meeting is judged as from anyone else (the topic's staff).
 */
export type MeetingChairCall = { chairedMeetingId: number };

function meetingChairScope(from: MeetingChairCall | undefined, input: Pick<OpenBallotInput, "electorateKind" | "meetingId">): Pick<Resource, "chairsMeetingVote"> {
  return from && input.electorateKind === "meetingAttendees" && input.meetingId === from.chairedMeetingId ? { chairsMeetingVote: true } : {};
}

async function openInTx(tx: Tx, actor: Actor, topic: Topic, input: OpenBallotInput, rule: VoteRuleId, opensAt: Date, now: Date, scope: Pick<Resource, "chairsMeetingVote">): Promise<OpenedBallot> {
  // The state machine first: a topic not in drafting (409) or without any plan (409) stops here.
  const moved = await applyTransition(tx, topic, "openVoting", actor, { now }, scope);

  const planRows = await tx.select({ id: plans.id, topicId: plans.topicId, title: plans.title, revision: plans.currentRevision }).from(plans).where(inArray(plans.id, input.planIds));
  if (planRows.length !== input.planIds.length || planRows.some((p) => p.topicId !== topic.id)) throw invalid("planNotInTopic", { planIds: "planNotInTopic" });
  const byId = new Map(planRows.map((p) => [p.id, p]));
  await freezePlans(tx, input.planIds, now);

  const meetingId = input.electorateKind === "meetingAttendees" ? (input.meetingId ?? null) : null;
  const buildingId = input.electorateKind === "buildingOwners" ? (input.buildingId ?? null) : null;
  const quorumRequired = input.electorateKind === "meetingAttendees" ? (input.quorumRequired ?? null) : null;
  const title = input.title ?? topic.title;
  // Snapshotted: changing the catalog later does not move the floor of a ballot already open.
  const turnoutFloor = await turnoutFloorOf(tx, topic, rule, input.electorateKind);

  const electors = await snapshotElectorate(tx, { kind: input.electorateKind, communityId: topic.communityId, gridId: topic.gridId, buildingId, meetingId });
  // A meeting's electorate fills up as people check in; every other one must have someone in it.
  if (electors.length === 0 && input.electorateKind !== "meetingAttendees") throw invalid("electorateEmpty", { electorateKind: "electorateEmpty" });
  const electorCount = electors.length;
  const electorAreaHundredths = electors.reduce((s, e) => s + e.areaHundredths, 0);

  const ballot = await first(tx
    .insert(ballots)
    .values({
      topicId: topic.id,
      communityId: topic.communityId,
      gridId: topic.gridId,
      title,
      kind: input.kind,
      rule,
      electorateKind: input.electorateKind,
      meetingId,
      buildingId,
      quorumRequired,
      turnoutFloor,
      secret: input.secret,
      opensAt,
      closesAt: input.closesAt,
      status: "open",
      electorCount,
      electorAreaHundredths,
      createdBy: actor.personId,
      createdAt: now,
    })
    .returning({ id: ballots.id }));
  const options = (await Promise.all(input.planIds.map(async (planId, i) =>
    await first(tx
      .insert(ballotOptions)
      .values({ ballotId: ballot.id, planId, revisionNumber: byId.get(planId)!.revision, position: i + 1 })
      .returning({ optionId: ballotOptions.id, planId: ballotOptions.planId, revisionNumber: ballotOptions.revisionNumber, position: ballotOptions.position })),
  )));
  await insertElectors(tx, ballot.id, electors);

  await tx.insert(topicEvents).values({ topicId: topic.id, actorId: actor.personId, kind: "ballotOpened", data: { ballotId: ballot.id, title }, at: now });
  const payload: BallotOpenedPayload = {
    ballotId: ballot.id,
    topicId: topic.id,
    title,
    kind: input.kind,
    rule,
    electorateKind: input.electorateKind,
    meetingId,
    buildingId,
    quorumRequired,
    turnoutFloor,
    secret: input.secret,
    opensAt: opensAt.getTime(),
    closesAt: input.closesAt.getTime(),
    options,
    electorCount,
    electorAreaHundredths,
    electors: electorsForAudit(electors),
    electorsDigest: electorsDigest(electors),
  };
  await appendAudit(tx, { kind: "ballot.opened", ballotId: ballot.id, actorId: actor.personId, at: now, payload });
  await notify(tx, [...electors.flatMap((e) => e.memberIds), ...await topicFollowerIds(tx, topic)], "ballotOpened", {
    topicId: topic.id,
    actorId: actor.personId,
    at: now,
    data: { title, ballotId: ballot.id, closesAt: input.closesAt.getTime() },
  });
  await recordEvent(tx, {
    actorId: actor.personId,
    kind: "ballot.opened",
    subjectType: "ballot",
    subjectId: ballot.id,
    data: { topicId: topic.id, kind: input.kind, rule, electorateKind: input.electorateKind, planIds: input.planIds, electorCount },
  });
  return { ballotId: ballot.id, topicId: topic.id, state: moved.to, electorCount, electorAreaHundredths };
}
