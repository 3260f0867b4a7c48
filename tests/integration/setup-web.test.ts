import bcrypt from "bcryptjs";
import { count, eq, like } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DB } from "@/db/client";
import { communities, events, people, setupCodes, signInFailures } from "@/db/schema";
import { verifyCredentials } from "@/lib/auth/credentials";
import { describeError } from "@/lib/describe-error";
import { MAX_SETUP_CODE_FAILURES_PER_ADDRESS, normalizeSetupCode, SETUP_CODE_VALID_HOURS } from "@/lib/domain/setup-code";
import { initialize } from "@/lib/setup/initialize";
import { ensureSetupCode, issueSetupCode } from "@/lib/setup/issue-code";
import { setUpFromWeb } from "@/lib/setup/set-up-from-web";
import { setupPending } from "@/lib/setup/status";
import { ctxSignedOut, fileDb } from "../helpers/db";
import { makeCommunity } from "../helpers/factory";
import { expectInvalid, expectRefused } from "../helpers/refusal";
import { first } from "@/db/query";

// Setup hashes at bcrypt cost 10; the tests hash at cost 4. Checking a password is unchanged.
vi.mock("@/lib/auth/password", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/password")>()),
  hashPassword: (plain: string) => bcrypt.hash(plain, 4),
}));

let db: DB;
fileDb((d) => (db = d), { perTest: true });
// The server's start (instrumentation.ts) runs against this test's database.
vi.mock("@/db/client", async (real) => ({ ...(await real<typeof import("@/db/client")>()), getDb: () => db }));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const NOW = new Date("2026-12-07T09:00:00Z");
const HOUR = 3600_000;
const answers = {
  district: "城东区",
  street: "和平街道",
  communityName: "向阳社区",
  communityCode: "XY",
  adminName: "刘主任",
  adminPhone: "13912345678",
  adminPassword: "Xiangyang-2026!",
  adminPasswordConfirm: "Xiangyang-2026!",
};
const ADDRESS = "203.0.113.7";

/** Starts the server's duties as `next start` does, and gives back what it printed. */
async function startServer(): Promise<string[]> {
  const lines: string[] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  vi.stubEnv("NEXT_RUNTIME", "nodejs");
  const { register } = await import("@/instrumentation");
  await register();
  vi.useRealTimers();
  return lines;
}

/** The code a start printed, read off its log line as the operator would. */
function codeIn(lines: string[]): string {
  const line = lines.find((l) => l.includes("setup code"));
  if (!line) throw new Error(`no setup code in the log: ${lines.join("\n")}`);
  return /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(line)![1]!;
}

/** Refused on the code field (422), with `key` as the message. */
async function expectCodeRefused(fn: () => Promise<unknown>, key: string) {
  const e = await expectRefused(fn, 422, key);
  expect(e.fieldErrors).toEqual({ setupCode: key });
  return e;
}

const setUp = (raw: Record<string, string>, now = NOW, address: string | null = ADDRESS) => setUpFromWeb(ctxSignedOut(db), raw, { address, now });
const communityCount = async () => (await first(db.select({ n: count() }).from(communities)))!.n;
const peopleCount = async () => (await first(db.select({ n: count() }).from(people)))!.n;

describe("the one-time setup code in the server's log", () => {
  it("a start on an empty database prints one line with /setup and the code; the database keeps only the code's SHA-256", async () => {
    const lines = await startServer();
    const setupLines = lines.filter((l) => l.includes("setup code"));
    expect(setupLines).toHaveLength(1);
    expect(setupLines[0]).toContain("/setup");
    const code = codeIn(lines);
    expect(normalizeSetupCode(code)).toHaveLength(12);

    const rows = await db.select().from(setupCodes);
    expect(rows).toHaveLength(1);
    // Not the code in any spelling: only its hash is stored.
    const stored = JSON.stringify(db.$client.prepare("SELECT * FROM setup_codes").all());
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(code.replaceAll("-", ""));
    expect(rows[0]!.codeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBe(SETUP_CODE_VALID_HOURS * HOUR);
  });

  it("a start on a database that is set up prints no code and keeps none", async () => {
    await makeCommunity(db);
    // A code left from before (say, set up in a terminal meanwhile) is removed too.
    await db.insert(setupCodes).values({ codeSha256: "0".repeat(64), expiresAt: new Date(Date.now() + HOUR) });
    const lines = await startServer();
    expect(lines.filter((l) => l.includes("setup code"))).toEqual([]);
    expect(await db.select().from(setupCodes)).toEqual([]);
  });

  it("each start replaces the code: the older one no longer works, the newest does", async () => {
    const first = codeIn(await startServer());
    vi.restoreAllMocks();
    const second = codeIn(await startServer());
    expect(second).not.toBe(first);
    expect(await db.select().from(setupCodes)).toHaveLength(1);

    await expectCodeRefused(() => setUp({ ...answers, setupCode: first }, new Date()), "setupCodeWrong");
    expect(await communityCount()).toBe(0);
    const made = await setUp({ ...answers, setupCode: second }, new Date());
    expect(made.community.code).toBe("XY");
  });
});

describe("setting up from the web (lib/setup/set-up-from-web.ts)", () => {
  it("the right code creates the community and its administrator, who can sign in; typed in lower case with spaces it is still right", async () => {
    const issued = (await issueSetupCode(db, { now: NOW }))!;
    const typed = ` ${issued.code.toLowerCase().replaceAll("-", " ")} `;
    const made = await setUp({ ...answers, setupCode: typed });
    expect(made.community).toMatchObject({ code: "XY", name: "向阳社区", district: "城东区", street: "和平街道" });
    const { personId } = await verifyCredentials(db, { phone: "13912345678", password: "Xiangyang-2026!" });
    expect(personId).toBe(made.admin.personId);
    // Its work done, the code is gone.
    expect(await db.select().from(setupCodes)).toEqual([]);
  });

  it("a wrong code is refused (422) with a message in Chinese and English, on the code field, and nothing is written", async () => {
    await issueSetupCode(db, { now: NOW });
    const e = await expectCodeRefused(() => setUp({ ...answers, setupCode: "AAAA-BBBB-CCCC" }), "setupCodeWrong");
    expect(describeError(e, "zh-CN")).toMatchObject({ status: 422, body: { fields: { setupCode: expect.stringContaining("初始化代码不正确") } } });
    expect(describeError(e, "en").body.fields!.setupCode).toContain("setup code is not right");
    // Not even shaped like a code, or missing.
    await expectCodeRefused(() => setUp({ ...answers, setupCode: "hello" }), "setupCodeWrong");
    await expectInvalid(() => setUp({ ...answers, setupCode: "" }), "setupCode", "setupCodeRequired");
    expect({ communities: await communityCount(), people: await peopleCount() }).toEqual({ communities: 0, people: 0 });
  });

  it("an expired code is refused with its own message; opening /setup then prints a fresh code, which works", async () => {
    const old = (await issueSetupCode(db, { now: NOW }))!;
    const later = new Date(NOW.getTime() + SETUP_CODE_VALID_HOURS * HOUR + 1);
    await expectCodeRefused(() => setUp({ ...answers, setupCode: old.code }, later), "setupCodeExpired");

    // While the start's code is good, opening the page leaves it alone: a visitor cannot make it stop working.
    const printed: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
    expect(await ensureSetupCode(db, "https://council.example.org", NOW)).toBe("valid");
    expect(printed).toEqual([]);
    expect(await ensureSetupCode(db, "https://council.example.org", later)).toBe("printed");
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain("https://council.example.org/setup");
    const fresh = codeIn(printed);
    await expectCodeRefused(() => setUp({ ...answers, setupCode: old.code }, later), "setupCodeWrong");
    expect((await setUp({ ...answers, setupCode: fresh }, later)).admin.phone).toBe("13912345678");
  });

  it("guessing is throttled per address: after five wrong codes even the right one waits (429), other addresses are not held up, and the lock ends", async () => {
    const { code } = (await issueSetupCode(db, { now: NOW }))!;
    for (let i = 0; i < MAX_SETUP_CODE_FAILURES_PER_ADDRESS; i++) {
      await expectCodeRefused(() => setUp({ ...answers, setupCode: `AAAA-BBBB-CC${"23456789"[i]}${"23456789"[i]}` }), "setupCodeWrong");
    }
    const e = await expectRefused(() => setUp({ ...answers, setupCode: code }), 429, "setupCodeLocked");
    expect(describeError(e, "zh-CN").body.message).toContain("15 分钟");
    expect(await communityCount()).toBe(0);
    // The count lives in the database, so a restart does not reset it.
    expect(await db.select().from(signInFailures).where(like(signInFailures.key, "setup-code-ip:%"))).toHaveLength(1);
    // The lock is written in the events log, for whoever looks into the start of a deployment.
    expect(await db.select({ data: events.data }).from(events).where(eq(events.kind, "setup.codeLockedOut"))).toEqual([{ data: { key: `setup-code-ip:${ADDRESS}` } }]);

    // Someone else (the operator at the server) is not locked out by the guesser.
    const other = await setUp({ ...answers, setupCode: code }, NOW, "198.51.100.2");
    expect(other.community.code).toBe("XY");
  });

  it("the lock runs out after a quarter of an hour", async () => {
    const { code } = (await issueSetupCode(db, { now: NOW }))!;
    for (let i = 0; i < MAX_SETUP_CODE_FAILURES_PER_ADDRESS; i++) await expectCodeRefused(() => setUp({ ...answers, setupCode: "AAAA-BBBB-CCCC" }), "setupCodeWrong");
    await expectRefused(() => setUp({ ...answers, setupCode: code }), 429, "setupCodeLocked");
    const made = await setUp({ ...answers, setupCode: code }, new Date(NOW.getTime() + 16 * 60_000));
    expect(made.community.code).toBe("XY");
  });

  it("the form's own checks: the password typed twice must match, and a weak one is refused with the strength rule, both before any code is counted", async () => {
    const { code } = (await issueSetupCode(db, { now: NOW }))!;
    await expectInvalid(() => setUp({ ...answers, adminPasswordConfirm: "Xiangyang-2027!", setupCode: code }), "adminPasswordConfirm", "setupPasswordMismatch");
    await expectRefused(() => setUp({ ...answers, adminPassword: "12345678", adminPasswordConfirm: "12345678", setupCode: code }), 422, "passwordTooWeak");
    expect(await communityCount()).toBe(0);
    expect(await db.select().from(signInFailures)).toEqual([]);
  });

  it("after setup it is closed for good: 409 with the right code, a wrong one or none counted, no new code at a start, and the first visit no longer leads to /setup", async () => {
    const { code } = (await issueSetupCode(db, { now: NOW }))!;
    expect(await setupPending(db)).toBe(true);
    await setUp({ ...answers, setupCode: code });
    expect(await setupPending(db)).toBe(false);

    await expectRefused(() => setUp({ ...answers, adminPhone: "13700000001", setupCode: code }), 409, "setupClosed");
    await expectRefused(() => setUp({ ...answers, adminPhone: "13700000001", setupCode: "AAAA-BBBB-CCCC" }), 409, "setupClosed");
    expect(await db.select().from(signInFailures)).toEqual([]);
    expect(await issueSetupCode(db)).toBeNull();
    expect(await ensureSetupCode(db, "https://council.example.org")).toBe("closed");
    expect(await db.select().from(setupCodes)).toEqual([]);
    expect(await peopleCount()).toBe(1);
  });

  it("a setup done in the terminal (npm run setup, no code) closes the web setup too, and removes the printed code", async () => {
    const { code } = (await issueSetupCode(db, { now: NOW }))!;
    const { setupCode: _c, adminPasswordConfirm: _p, ...terminal } = { ...answers, setupCode: "" };
    await initialize(ctxSignedOut(db), terminal);
    expect(await db.select().from(setupCodes)).toEqual([]);
    await expectRefused(() => setUp({ ...answers, setupCode: code }), 409, "setupClosed");
  });

  it("the first-visit check asks the database only until it finds the deployment set up", async () => {
    expect(await setupPending(db)).toBe(true);
    await makeCommunity(db);
    expect(await setupPending(db)).toBe(false);
    const spy = vi.spyOn(db, "select");
    expect(await setupPending(db)).toBe(false);
    expect(spy).not.toHaveBeenCalled();
  });
});
