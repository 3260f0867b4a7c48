import { z } from "zod";
import { ballotKinds, voteRules } from "@/db/schema";
import { openBallot, type OpenedBallot } from "@/lib/ballots/open-ballot";
import type { ActorCtx } from "@/lib/context";
import { blankToUndefined, checkbox, id } from "@/lib/validation/common";
import { changeRoom } from "./changes";
import { assertPhase, loadAgendaItem, loadChairedRoom } from "./room-access";

/** What the chair's vote form sends; everything else is fixed by the meeting. */
export const openLiveVoteInput = z.object({
  meetingId: id,
  agendaItemId: id,
  kind: z.preprocess(blankToUndefined, z.enum(ballotKinds, { error: "ballotKindRequired" }).optional()),
  planIds: z.unknown(),
  rule: z.preprocess(blankToUndefined, z.enum(voteRules, { error: "ruleRequired" }).optional()),
  quorumRequired: z.unknown().optional(),
  secret: checkbox.default(true),
  /** How long the vote stays open; the chair may close it early while the meeting is in session. */
  minutes: z.preprocess(blankToUndefined, z.coerce.number({ error: "ballotClosesAtInvalid" }).int({ error: "ballotClosesAtInvalid" }).min(1, { error: "ballotClosesAtInvalid" }).max(240, { error: "ballotClosesAtInvalid" }).default(15)),
});

/**
 * The chair opens a vote on the topic under discussion: the existing ballot (openBallot) with the
 * meeting's attendees as its electorate and their live presence as its quorum — the same tally,
 * secrecy, audit chain and resolution path as every ballot. Taken from here, it is one transaction
 * with the room's version bump. Whoever may chair the meeting ("meeting.chair": its staff or its
 * designated chair) opens it — for this meeting's attendees only; elsewhere the ballot's rule stays
 * the topic's staff. Left blank, the presence quorum is the meeting's own (法定人数).
 */
export async function openLiveVote(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<OpenedBallot & { meetingId: number }> {
  const input = openLiveVoteInput.parse(raw);
  const { meeting } = await loadChairedRoom(ctx.db, ctx.actor, input.meetingId);
  const item = await loadAgendaItem(ctx.db, meeting.id, input.agendaItemId);
  const planCount = Array.isArray(input.planIds) ? input.planIds.length : input.planIds == null || input.planIds === "" ? 0 : String(input.planIds).split(",").length;
  return changeRoom(ctx.db, meeting.id, async (tx) => {
    await assertPhase(tx, meeting.id, "openVote");
    // openBallot's own transaction nests inside this one (a savepoint): all or nothing together.
    const opened = await openBallot(
      ctx,
      {
        topicId: item.topicId,
        kind: input.kind ?? (planCount > 1 ? "choice" : "single"),
        planIds: input.planIds,
        rule: input.rule,
        electorateKind: "meetingAttendees",
        meetingId: meeting.id,
        quorumRequired: input.quorumRequired == null || input.quorumRequired === "" ? (meeting.quorumRequired ?? undefined) : input.quorumRequired,
        secret: input.secret,
        closesAt: new Date(now.getTime() + input.minutes * 60_000),
      },
      now,
      { chairedMeetingId: meeting.id },
    );
    return { ...opened, meetingId: meeting.id };
  });
}
