import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { ballotElectorMembers, ballotElectors, ballotProxies, developerRepresentatives, people, roles, votes, type Ballot } from "@/db/schema";
import { appendAudit } from "@/lib/audit/append";
import type { ProxyAuditPayload } from "@/lib/audit/payloads";
import type { ActorCtx } from "@/lib/context";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { storePhotos, uploadsDir } from "@/lib/uploads/photos";
import { developerOwnerKey } from "@/lib/domain/vote-rules";
import { recordProxyInput, type RecordProxyInput } from "@/lib/validation/ballots";
import { loadManagedBallot, reloadBallot, votingOver } from "./access";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

export type RecordedProxy = { proxyId: number; ballotId: number; electorKey: string; proxyPersonId: number };

/** Everything about the authorization that can be checked without the scan; run again inside the transaction. */
async function check(db: DB | Tx, ballot: Ballot, input: RecordProxyInput, now: Date): Promise<void> {
  if (votingOver(ballot, now)) throw new AppError("conflict", "ballotClosed");
  // At a meeting one votes in person: whoever is present is the electorate.
  if (ballot.electorateKind === "meetingAttendees") throw invalid("proxyNotForMeeting", { electorKey: "proxyNotForMeeting" });
  const elector = await first(db
    .select({ id: ballotElectors.id })
    .from(ballotElectors)
    .where(and(eq(ballotElectors.ballotId, ballot.id), eq(ballotElectors.electorKey, input.electorKey))));
  if (!elector) throw invalid("electorNotFound", { electorKey: "electorNotFound" });
  // A written proxy hands over a vote not yet cast. Recorded after a vote (online, paper or by an
  // earlier proxy) it would let the holder read that vote back and replace it: refused.
  const voted = await first(db
    .select({ id: votes.id })
    .from(votes)
    .where(and(eq(votes.ballotId, ballot.id), eq(votes.electorKey, input.electorKey))));
  if (voted) throw new AppError("conflict", "proxyElectorVoted");
  const proxy = await first(db
    .select({ id: people.id })
    .from(people)
    .innerJoin(roles, eq(roles.personId, people.id))
    .where(and(eq(people.id, input.proxyPersonId), eq(people.status, "verified"), eq(roles.communityId, ballot.communityId))));
  // The developer's representative named by the owners' register holds no role of their own
  // (lib/imports/people): they may be recorded as the proxy of elector "developer" all the same.
  const registeredRep =
    !proxy && input.electorKey === developerOwnerKey
      ? await first(db
          .select({ id: people.id })
          .from(developerRepresentatives)
          .innerJoin(people, eq(people.id, developerRepresentatives.personId))
          .where(and(eq(developerRepresentatives.communityId, ballot.communityId), eq(developerRepresentatives.personId, input.proxyPersonId), eq(people.status, "verified"))))
      : undefined;
  if (!proxy && !registeredRep) throw invalid("proxyPersonInvalid", { proxyPersonId: "proxyPersonInvalid" });
  const isMember = await first(db
    .select({ id: ballotElectorMembers.id })
    .from(ballotElectorMembers)
    .where(and(eq(ballotElectorMembers.ballotId, ballot.id), eq(ballotElectorMembers.electorKey, input.electorKey), eq(ballotElectorMembers.personId, input.proxyPersonId))));
  if (isMember) throw invalid("proxyIsMember", { proxyPersonId: "proxyIsMember" });
  const existing = await first(db
    .select({ id: ballotProxies.id })
    .from(ballotProxies)
    .where(and(eq(ballotProxies.ballotId, ballot.id), eq(ballotProxies.electorKey, input.electorKey))));
  if (existing) throw new AppError("conflict", "proxyExists");
}

/**
 * Staff record an owner's written authorization (委托书) for someone to vote for them, with a scan
 * of the signed paper. The scan is checked by its content and stored before the transaction
 * (which must stay synchronous), and removed again if the transaction fails. From then on the
 * proxy sees the principal among the electors they may vote for — whether a vote is in for them,
 * never which. An elector who has voted already, in any channel, can no longer be given a proxy.
 */
export async function recordProxy(ctx: ActorCtx, raw: unknown, scan: File | null | undefined, now = new Date()): Promise<RecordedProxy> {
  const input = recordProxyInput.parse(raw);
  const { db } = ctx;
  const { ballot, actor } = await loadManagedBallot(db, ctx.actor, input.ballotId);
  await check(db, ballot, input, now);
  if (!scan || scan.size === 0) throw invalid("proxyScanRequired", { scan: "proxyScanRequired" });

  let stored: Awaited<ReturnType<typeof storePhotos>>;
  try {
    stored = await storePhotos([scan]);
  } catch (e) {
    if (e instanceof AppError) throw new AppError(e.code, e.messageKey, e.params, { scan: e.messageKey });
    throw e;
  }
  const photo = stored.photos[0]!;
  try {
    const scanSha256 = createHash("sha256").update(fs.readFileSync(path.join(uploadsDir(), photo.storedName))).digest("hex");
    return await unitOfWork(db, async (tx) => {
      const fresh = await reloadBallot(tx, ballot.id);
      await check(tx, fresh, input, now);
      const proxy = await first(tx
        .insert(ballotProxies)
        .values({ ballotId: fresh.id, electorKey: input.electorKey, proxyPersonId: input.proxyPersonId, scanStoredName: photo.storedName, scanMime: photo.mime, recordedBy: actor.personId, createdAt: now })
        .returning({ id: ballotProxies.id }));
      const payload: ProxyAuditPayload = {
        ballotId: fresh.id,
        proxyId: proxy.id,
        electorKey: input.electorKey,
        proxyPersonId: input.proxyPersonId,
        scanStoredName: photo.storedName,
        scanSha256,
        recordedBy: actor.personId,
      };
      await appendAudit(tx, { kind: "proxy.recorded", ballotId: fresh.id, actorId: actor.personId, at: now, payload });
      await recordEvent(tx, { actorId: actor.personId, kind: "ballot.proxyRecorded", subjectType: "ballot", subjectId: fresh.id, data: { electorKey: input.electorKey, proxyPersonId: input.proxyPersonId, note: input.note } });
      return { proxyId: proxy.id, ballotId: fresh.id, electorKey: input.electorKey, proxyPersonId: input.proxyPersonId };
    });
  } catch (e) {
    stored.remove();
    throw e;
  }
}
