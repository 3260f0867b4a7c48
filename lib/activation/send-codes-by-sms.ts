import { randomUUID } from "node:crypto";
import { resolveCommunity } from "@/lib/admin/scope";
import type { ActorCtx } from "@/lib/context";
import { activationExpiry, formatActivationCode } from "@/lib/domain/activation-code";
import { invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { channelReady, enqueueMessages } from "@/lib/notify/enqueue";
import { shanghaiDate } from "@/lib/time";
import { issueLettersInput } from "@/lib/validation/activation";
import { issueActivationCodes } from "./codes";
import { householdMembersWaiting, resolveActivationScope } from "./issue-letters";
import { staffWaiting } from "./staff-letters";
import { unitOfWork } from "@/db/unit-of-work";

export type CodesTexted = { people: number; expiresOn: string };

/**
 * Sends activation codes by text message instead of a printed letter, to the same people the
 * letters of that scope would reach (households of a building, a grid or the community; or, for
 * community admins, the staff), with the same authorization. Each person gets a fresh code, made and
 * hashed exactly as for the letters (their earlier unused codes stop working); the code goes into
 * the outbox in the same transaction, kept apart from the message's other fields and erased once
 * sent, and the sender job delivers it. Refused while SMS is off or has no activation template.
 */
export async function sendActivationCodesBySms(ctx: ActorCtx, raw: unknown, { now = new Date() }: { now?: Date } = {}): Promise<CodesTexted> {
  const input = issueLettersInput.parse(raw);
  const { db, actor } = ctx;
  const scope =
    input.audience === "staff"
      ? (() => {
          if (input.gridId != null || input.buildingId != null) throw invalid("activationStaffWholeCommunity", { audience: "activationStaffWholeCommunity" });
          return { communityId: resolveCommunity(actor, "activation.issue", input.communityId), gridId: null, buildingId: null };
        })()
      : await resolveActivationScope(ctx, input);
  if (!channelReady("sms", "activationCode")) throw invalid("smsOff");

  return await unitOfWork(db, async (tx) => {
    const personIds = input.audience === "staff" ? (await staffWaiting(tx, scope.communityId)).map((p) => p.personId) : [...new Set((await householdMembersWaiting(tx, scope)).map((r) => r.personId))];
    if (!personIds.length) throw invalid("activationNobody");
    const codes = await issueActivationCodes(tx, personIds, { issuedBy: actor.personId, now, days: input.expiresInDays });
    const expiresOn = shanghaiDate(activationExpiry(now, input.expiresInDays));
    const secrets = new Map([...codes].map(([personId, code]) => [personId, { code: formatActivationCode(code) }]));
    await enqueueMessages(tx, { kind: "activationCode", personIds, communityId: scope.communityId, subject: `codes:${randomUUID()}`, params: { expiresOn }, secrets, now });
    await recordEvent(tx, {
      actorId: actor.personId,
      kind: "activation.codesTexted",
      subjectType: "community",
      subjectId: scope.communityId,
      data: { audience: input.audience, gridId: scope.gridId, buildingId: scope.buildingId, people: codes.size, expiresInDays: input.expiresInDays },
    });
    return { people: codes.size, expiresOn };
  });
}
