import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { setupCodes, signInFailures } from "@/db/schema";
import { putThrottleRecord } from "@/lib/auth/throttle";
import type { Ctx } from "@/lib/context";
import { gateSetupCode, recordSetupCodeFailure, setupCodeMatches } from "@/lib/domain/setup-code";
import { AppError, invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record";
import { webSetupInput } from "@/lib/validation/setup";
import { initialize, setupIsOpen, type Initialized } from "./initialize";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";

/** The row of sign_in_failures counting an address's wrong setup codes (the sign-in throttle's table, so a restart keeps it). */
const addressKey = (address: string) => `setup-code-ip:${address}`;

type CodeCheck = { ok: true } | { ok: false; error: AppError };

/**
 * Checks the typed code against the stored one, in one transaction with the count of
 * the address's wrong codes, so parallel guesses each see the ones before. A locked address is
 * refused without looking at the code (429); a wrong code is counted, and the lock it may begin is
 * recorded. Returned rather than thrown: a throw would roll the count back.
 */
async function checkCode(db: DB, typed: string, address: string | null, now: Date): Promise<CodeCheck> {
  return unitOfWork(db, async (tx): Promise<CodeCheck> => {
    const key = address ? addressKey(address) : null;
    const record = key ? await first(tx.select().from(signInFailures).where(eq(signInFailures.key, key))) : undefined;
    const gate = gateSetupCode(record, now);
    if (!gate.allowed) return { ok: false, error: new AppError("too_many_requests", "setupCodeLocked", { minutes: gate.retryAfterMinutes }) };
    const stored = await tx.select().from(setupCodes);
    const match = stored.find((c) => setupCodeMatches(typed, c.codeSha256));
    if (match && match.expiresAt.getTime() > now.getTime()) return { ok: true };
    if (key) {
      const next = recordSetupCodeFailure(record, now);
      await putThrottleRecord(tx, key, next);
      if (next.lockedUntil) await recordEvent(tx, { actorId: null, kind: "setup.codeLockedOut", subjectType: "setup", subjectId: null, data: { key } });
    }
    // An expired code is told apart, so the operator knows to fetch the new one from the log.
    const messageKey = match ? "setupCodeExpired" : "setupCodeWrong";
    return { ok: false, error: invalid(messageKey, { setupCode: messageKey }) };
  });
}

/**
 * The first setup from the web page (app/setup): only whoever can read the server's log — where
 * the start printed the one-time code (lib/setup/issue-code.ts) — may create the community and its
 * first administrator. Once set up the answer is 409 whatever the code, and the code is gone.
 * Wrong codes are counted per client address (`address`, lib/security/client-address.ts; null when
 * it cannot be told): MAX_SETUP_CODE_FAILURES_PER_ADDRESS in a quarter of an hour lock it out for
 * the next. `npm run setup` calls `initialize` directly: the terminal is its proof of access.
 */
export async function setUpFromWeb(ctx: Ctx, raw: unknown, { address = null, now = new Date() }: { address?: string | null; now?: Date } = {}): Promise<Initialized> {
  const input = webSetupInput.parse(raw);
  if (!await setupIsOpen(ctx.db)) throw new AppError("conflict", "setupClosed");
  const check = await checkCode(ctx.db, input.setupCode, address, now);
  if (!check.ok) throw check.error;
  const { setupCode: _code, adminPasswordConfirm: _confirm, ...answers } = input;
  return initialize(ctx, answers);
}
