import type { DB } from "@/db/client";
import { setupCodes } from "@/db/schema";
import { newSetupCode, SETUP_CODE_VALID_HOURS, setupCodeSha256 } from "@/lib/domain/setup-code";
import { setupIsOpen } from "./initialize";
import { unitOfWork } from "@/db/unit-of-work";

export type IssuedSetupCode = { code: string; expiresAt: Date };

/**
 * Issues the one-time code of the web setup, for the server to print in its log — only while setup
 * is open (no community, no administrator); once closed, any code left is deleted and null comes
 * back. The database keeps only the code's SHA-256, and a new code replaces the one before, so the
 * code in the newest log line is the one that works, whichever process of the deployment answers.
 * With `keepValid`, a code that is still good is kept (null back): /setup asks for a fresh code only
 * when the printed one has run out, so a visitor cannot make the operator's code stop working.
 */
export async function issueSetupCode(db: DB, { now = new Date(), keepValid = false }: { now?: Date; keepValid?: boolean } = {}): Promise<IssuedSetupCode | null> {
  return await unitOfWork(db, async (tx) => {
    if (!await setupIsOpen(tx)) {
      await tx.delete(setupCodes);
      return null;
    }
    if (keepValid) {
      const current = await tx.select({ expiresAt: setupCodes.expiresAt }).from(setupCodes);
      if (current.some((c) => c.expiresAt.getTime() > now.getTime())) return null;
    }
    const code = newSetupCode();
    const expiresAt = new Date(now.getTime() + SETUP_CODE_VALID_HOURS * 3600_000);
    await tx.delete(setupCodes);
    await tx.insert(setupCodes).values({ codeSha256: setupCodeSha256(code), createdAt: now, expiresAt });
    return { code, expiresAt };
  });
}

/** The log line that hands the code to whoever runs the server: one line, Chinese then English. */
export function setupCodeLogLine(issued: IssuedSetupCode, publicOrigin: string): string {
  return `[gridcouncil] 初始化代码 / setup code: ${issued.code} — 请打开 ${publicOrigin}/setup 输入此代码，创建社区和第一位管理员（${issued.expiresAt.toISOString()} 前有效）/ open ${publicOrigin}/setup and enter this code to create the community and its first administrator (valid until ${issued.expiresAt.toISOString()}); or run \`npm run setup\` in a terminal`;
}

/**
 * For the /setup page while setup is open: when no good code is left (the printed one ran out, or
 * the database was emptied under a running server), issues a fresh one and prints it to the log.
 * "printed": the page tells the visitor a new code is in the log; "valid": the start's code stands.
 */
export async function ensureSetupCode(db: DB, publicOrigin: string, now = new Date()): Promise<"printed" | "valid" | "closed"> {
  if (!await setupIsOpen(db)) return "closed";
  const issued = await issueSetupCode(db, { now, keepValid: true });
  if (!issued) return await setupIsOpen(db) ? "valid" : "closed";
  console.log(setupCodeLogLine(issued, publicOrigin));
  return "printed";
}
