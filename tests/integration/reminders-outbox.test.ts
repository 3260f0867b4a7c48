import { and, eq, inArray } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DB } from "@/db/client";
import { activationCodes, notifications, outboxMessages, people, roles } from "@/db/schema";
import { hashActivationCode } from "@/lib/activation/codes";
import { sendActivationCodesBySms } from "@/lib/activation/send-codes-by-sms";
import { castVote } from "@/lib/ballots/cast-vote";
import { normaliseActivationCode } from "@/lib/domain/activation-code";
import { MAX_ATTEMPTS, retryDelayMs } from "@/lib/domain/reminders";
import { enqueueMessages } from "@/lib/notify/enqueue";
import { getMessagesOverview } from "@/lib/notify/get-messages-overview";
import { setReminderMutes, getReminderSettings } from "@/lib/notify/reminder-settings";
import { retryMessage } from "@/lib/notify/retry-message";
import { runReminders } from "@/lib/notify/run-reminders";
import { sendDueMessages } from "@/lib/notify/send-due";
import { fromShanghai } from "@/lib/time";
import { ctxAs, fileDb } from "../helpers/db";
import { makeCommunity, makePerson, makeTopic } from "../helpers/factory";
import { expectRefused } from "../helpers/refusal";
import { startSmsReceiver, type SmsReceiver } from "../helpers/sms-receiver";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "@/db/query";
import { inOrder } from "../helpers/in-order";

/*
 * The outbox end to end: use cases and the reminder job enqueue in their transaction, the sender
 * sends outside it through the real Tencent Cloud SDK, pointed (GRIDCOUNCIL_SMS_ENDPOINT) at a local
 * receiver that checks the signature, headers, app id, signature name, templates and parameters the
 * way the provider does.
 */
const SECRET = { id: "AKIDtest0000000000000000000000000000", key: "test-secret-key-0123456789abcdef" };
const TEMPLATES = { ballotClosing: "1000001", ownersBallotClosing: "1000002", meetingTomorrow: "1000003", taskDue: "1000004", taskOverdue: "1000005", ratingDue: "1000006", cosignClosing: "1000007", activationCode: "1000008" };
const smsEnv = (endpoint: string, key = SECRET.key): Record<string, string> => ({
  GRIDCOUNCIL_SMS_SECRET_ID: SECRET.id,
  GRIDCOUNCIL_SMS_SECRET_KEY: key,
  GRIDCOUNCIL_SMS_APP_ID: "1400000001",
  GRIDCOUNCIL_SMS_SIGN_NAME: "网格议事厅",
  GRIDCOUNCIL_SMS_ENDPOINT: endpoint,
  GRIDCOUNCIL_SMS_TEMPLATE_BALLOT_CLOSING: TEMPLATES.ballotClosing,
  GRIDCOUNCIL_SMS_TEMPLATE_OWNERS_BALLOT_CLOSING: TEMPLATES.ownersBallotClosing,
  GRIDCOUNCIL_SMS_TEMPLATE_ACTIVATION_CODE: TEMPLATES.activationCode,
});
const smsOff = () => {
  for (const k of Object.keys(process.env)) if (k.startsWith("GRIDCOUNCIL_SMS_")) delete process.env[k];
};

let db: DB;
let file: string;
fileDb((d, f) => ((db = d), (file = f)), { perTest: true });

let receiver: SmsReceiver;
beforeAll(async () => {
  receiver = await startSmsReceiver({
    secretId: SECRET.id,
    secretKey: SECRET.key,
    appId: "1400000001",
    signName: "网格议事厅",
    templates: { [TEMPLATES.ballotClosing]: 2, [TEMPLATES.ownersBallotClosing]: 2, [TEMPLATES.activationCode]: 2 },
  });
});
afterAll(async () => {
  smsOff();
  await receiver.close();
});
beforeEach(() => {
  receiver.reset();
  Object.assign(process.env, smsEnv(receiver.endpoint));
});
afterEach(smsOff);

// Daytime in Beijing: text messages are held in the quiet hours (21:00–08:00).
const day = fromShanghai(2026, 3, 10, 10);
const plus = (ms: number) => new Date(day.getTime() + ms);
const rows = async () => await db.select().from(outboxMessages);

async function enqueueBallotReminder(personIds: number[], communityId: number, subject = "ballot:1") {
  return await unitOfWork(db, async (tx) => enqueueMessages(tx, { kind: "ballotClosing", personIds, communityId, subject, params: { topic: "加装电梯", closesAt: "03-11 10:00" }, now: day }));
}

describe("sending", () => {
  it("sends each message exactly once when two senders on two connections run at the same time", async () => {
    const place = await makeCommunity(db);
    const residents = await inOrder(Array.from({ length: 6 }), () => makePerson(db, place, "resident"));
    expect(await enqueueBallotReminder(residents.map((r) => r.id), place.community.id)).toBe(12);
    // Enqueueing again (a rerun of the job) adds nothing: the dedupe key is taken.
    expect(await enqueueBallotReminder(residents.map((r) => r.id), place.community.id)).toBe(0);

    const other = openDatabase(file);
    receiver.delayMs = 150;
    try {
      // Small batches, so that the two senders take turns claiming while their requests overlap.
      const [a, b] = await Promise.all([sendDueMessages(db, { now: () => day, limit: 2 }), sendDueMessages(other, { now: () => day, limit: 2 })]);
      expect(a.sent).toBeGreaterThan(0);
      expect(b.sent).toBeGreaterThan(0);
      expect(a.sent + b.sent).toBe(12);
    } finally {
      other.$client.close();
    }

    expect(receiver.accepted.map((m) => m.phone).sort()).toEqual(residents.map((r) => `+86${r.phone}`).sort());
    expect(receiver.accepted.every((m) => m.templateId === TEMPLATES.ballotClosing && m.params.join("|") === "加装电梯|03-11 10:00")).toBe(true);
    for (const r of residents) {
      expect(await db.select().from(notifications).where(and(eq(notifications.personId, r.id), eq(notifications.kind, "ballotClosing")))).toHaveLength(1);
    }
    expect((await rows()).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    expect((await rows()).filter((r) => r.channel === "sms").every((r) => r.providerRef && receiver.accepted.some((m) => m.serialNo === r.providerRef))).toBe(true);
  });

  it("retries a provider fault with exponential backoff, then shows it failed to admins, who can send it again", async () => {
    const place = await makeCommunity(db);
    const admin = await makePerson(db, place, "communityAdmin");
    const resident = await makePerson(db, place, "resident");
    await enqueueBallotReminder([resident.id], place.community.id);
    receiver.failNext("InternalError.Timeout", MAX_ATTEMPTS);

    let t = day;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await sendDueMessages(db, { now: () => t });
      const sms = (await rows()).find((r) => r.channel === "sms")!;
      expect(sms.attempts).toBe(attempt);
      expect(sms.lastError).toBe("InternalError.Timeout");
      if (attempt < MAX_ATTEMPTS) {
        expect(sms.status).toBe("queued");
        expect(sms.nextAttemptAt.getTime() - t.getTime()).toBe(retryDelayMs(attempt));
        // Not tried again before its time.
        await sendDueMessages(db, { now: () => new Date(sms.nextAttemptAt.getTime() - 1) });
        expect((await rows()).find((r) => r.channel === "sms")!.attempts).toBe(attempt);
        t = sms.nextAttemptAt;
      } else {
        expect(sms.status).toBe("failed");
      }
    }
    expect(receiver.answers).toEqual(Array(MAX_ATTEMPTS).fill("InternalError.Timeout"));
    expect(receiver.accepted).toHaveLength(0);

    const overview = await getMessagesOverview(await ctxAs(admin, db));
    expect(overview.counts).toMatchObject({ failed: 1, sent: 1 });
    expect(overview.failed).toEqual([expect.objectContaining({ kind: "ballotClosing", channel: "sms", lastError: "InternalError.Timeout", attempts: MAX_ATTEMPTS, retryable: true })]);
    expect(JSON.stringify(overview)).not.toContain(SECRET.key);

    // A resident may not retry it; the admin may, and then it goes out.
    await expectRefused(async () => retryMessage(await ctxAs(resident, db), { id: overview.failed[0]!.id }), 403);
    await retryMessage(await ctxAs(admin, db), { id: overview.failed[0]!.id }, { now: t });
    await sendDueMessages(db, { now: () => t });
    expect(receiver.accepted).toHaveLength(1);
    expect((await rows()).every((r) => r.status === "sent")).toBe(true);
    await expectRefused(async () => retryMessage(await ctxAs(admin, db), { id: overview.failed[0]!.id }), 422, "messageNotFailed");
  });

  it("gives up at once on what no retry mends, and the receiver refuses a request signed with the wrong key", async () => {
    const place = await makeCommunity(db);
    const [a, b] = [await makePerson(db, place, "resident"), await makePerson(db, place, "resident")];
    await enqueueBallotReminder([a.id], place.community.id, "ballot:a");
    receiver.failNext("FailedOperation.TemplateIncorrectOrUnapproved");
    await sendDueMessages(db, { now: () => day });
    expect((await rows()).find((r) => r.channel === "sms")).toMatchObject({ status: "failed", attempts: 1, lastError: "FailedOperation.TemplateIncorrectOrUnapproved" });

    Object.assign(process.env, smsEnv(receiver.endpoint, "not-the-secret-key"));
    await enqueueBallotReminder([b.id], place.community.id, "ballot:b");
    await sendDueMessages(db, { now: () => day });
    expect(receiver.answers.at(-1)).toBe("AuthFailure.SignatureFailure");
    expect(receiver.accepted).toHaveLength(0);
    // A signature refused may be a rotated key: tried again later.
    expect((await rows()).find((r) => r.channel === "sms" && r.personId === b.id)).toMatchObject({ status: "queued", lastError: "AuthFailure.SignatureFailure" });
  });

  it("sends nothing for a change that rolled back", async () => {
    const place = await makeCommunity(db);
    const resident = await makePerson(db, place, "resident");
    await expect(
      unitOfWork(db, async (tx) => {
        await enqueueMessages(tx, { kind: "ballotClosing", personIds: [resident.id], communityId: place.community.id, subject: "ballot:9", params: { topic: "x", closesAt: "y" }, now: day });
        throw new Error("a later step of the use case failed");
      }),
    ).rejects.toThrow("a later step of the use case failed");
    expect(await rows()).toHaveLength(0);
    await sendDueMessages(db, { now: () => day });
    expect(receiver.answers).toHaveLength(0);
    expect(await db.select().from(notifications).where(eq(notifications.personId, resident.id))).toHaveLength(0);
  });

  it("holds a text message until 08:00 when it is enqueued at night, the inbox copy not", async () => {
    const place = await makeCommunity(db);
    const resident = await makePerson(db, place, "resident");
    const night = fromShanghai(2026, 3, 10, 23);
    await unitOfWork(db, async (tx) => enqueueMessages(tx, { kind: "ballotClosing", personIds: [resident.id], communityId: place.community.id, subject: "ballot:n", params: { topic: "x", closesAt: "03-12 20:00" }, deadline: fromShanghai(2026, 3, 12, 20), now: night }));
    await sendDueMessages(db, { now: () => night });
    expect((await rows()).find((r) => r.channel === "inbox")!.status).toBe("sent");
    expect((await rows()).find((r) => r.channel === "sms")).toMatchObject({ status: "queued", nextAttemptAt: fromShanghai(2026, 3, 11, 8) });
    expect(receiver.answers).toHaveLength(0);
  });
});

describe("the reminder job", () => {
  async function ballotClosingSoon() {
    const place = await makeCommunity(db);
    // Opened 6.5 days ago for 7 days: it closes in 12 hours.
    const topic = await makeTopic(db, place, { state: "voting", at: plus(-6.5 * 86_400_000) });
    return { place, topic };
  }

  it("reminds, once, each elector who has not voted 24 hours before the close", async () => {
    const { place, topic } = await ballotClosingSoon();
    const electors = (await db.select({ personId: roles.personId }).from(roles).where(and(eq(roles.gridId, place.gridA.id), eq(roles.role, "resident")))).map((r) => r.personId);
    expect(electors.length).toBeGreaterThanOrEqual(2);
    const [voter, ...rest] = electors;
    await castVote(await ctxAs(voter!, db), { ballotId: topic.ballotId, choice: "agree" }, plus(-3_600_000));

    expect((await runReminders(db, day)).ballots).toBe(rest.length * 2);
    // A rerun writes nothing at all, not even the table's AUTOINCREMENT counter (the security matrices fingerprint the whole database).
    const seq = () => db.$client.prepare("select seq from sqlite_sequence where name = 'outbox_messages'").get();
    const counter = seq();
    expect((await runReminders(db, plus(600_000))).ballots).toBe(0);
    expect(seq()).toEqual(counter);
    await sendDueMessages(db, { now: () => day });
    expect(receiver.accepted.map((m) => m.phone).sort()).toEqual((await db.select({ phone: people.phone }).from(people).where(inArray(people.id, rest))).map((p) => `+86${p.phone}`).sort());
    expect(receiver.accepted[0]!.params[0]).toBe(topic.title.slice(0, 11) + (topic.title.length > 12 ? "…" : topic.title.slice(11)));
    expect(await db.select().from(notifications).where(and(eq(notifications.personId, voter!), eq(notifications.kind, "ballotClosing")))).toHaveLength(0);
    for (const id of rest) expect(await db.select().from(notifications).where(and(eq(notifications.personId, id), eq(notifications.kind, "ballotClosing")))).toHaveLength(1);
  });

  it("leaves out a person who muted the kind, and withdraws a waiting message muted after it was queued", async () => {
    const { place } = await ballotClosingSoon();
    const electors = (await db.select({ personId: roles.personId }).from(roles).where(and(eq(roles.gridId, place.gridA.id), eq(roles.role, "resident")))).map((r) => r.personId);
    const [muter, later] = electors as [number, number];
    await setReminderMutes(await ctxAs(muter, db), { muted: ["ballotClosing", "taskDue"] });
    expect((await getReminderSettings(await ctxAs(muter, db))).filter((s) => s.muted).map((s) => s.kind)).toEqual(["ballotClosing", "taskDue"]);
    await runReminders(db, day);
    expect((await rows()).filter((r) => r.personId === muter)).toHaveLength(0);
    expect((await rows()).filter((r) => r.personId === later)).toHaveLength(2);

    await setReminderMutes(await ctxAs(later, db), { muted: ["ballotClosing"] });
    await sendDueMessages(db, { now: () => day });
    expect((await rows()).filter((r) => r.personId === later)).toHaveLength(0);
    const laterPhone = (await first(db.select().from(people).where(eq(people.id, later))))!.phone;
    expect(receiver.accepted.some((m) => m.phone.endsWith(laterPhone))).toBe(false);
    expect(await db.select().from(notifications).where(and(eq(notifications.personId, later), eq(notifications.kind, "ballotClosing")))).toHaveLength(0);
  });

  it("does not let anyone mute the owners' ballot notice the law requires", async () => {
    const place = await makeCommunity(db);
    const owner = await makePerson(db, place, "owner");
    await expectRefused(async () => setReminderMutes(await ctxAs(owner, db), { muted: ["ownersBallotClosing"] }), 422, "reminderRequired");
    expect((await getReminderSettings(await ctxAs(owner, db))).find((s) => s.kind === "ownersBallotClosing")).toEqual({ kind: "ownersBallotClosing", muted: false, mayMute: false, required: "ownersNotice" });
  });

  it("with SMS off, reminds in the inbox only, and the admin page says SMS is off", async () => {
    smsOff();
    const { place } = await ballotClosingSoon();
    const admin = await makePerson(db, place, "communityAdmin");
    const n = (await runReminders(db, day)).ballots;
    expect(n).toBeGreaterThan(0);
    expect((await rows()).every((r) => r.channel === "inbox")).toBe(true);
    await sendDueMessages(db, { now: () => day });
    expect(receiver.answers).toHaveLength(0);
    expect(await db.select().from(notifications).where(eq(notifications.kind, "ballotClosing"))).toHaveLength(n);
    const overview = await getMessagesOverview(await ctxAs(admin, db));
    expect(overview.sms.on).toBe(false);
    expect(overview.counts.sent).toBe(n);
    await expectRefused(async () => sendActivationCodesBySms(await ctxAs(admin, db), { buildingId: place.buildingA.id }), 422, "smsOff");
  });
});

describe("activation codes by SMS", () => {
  it("texts each waiting owner a fresh code made and hashed as the letters' are, and keeps no readable code once sent", async () => {
    const place = await makeCommunity(db);
    const admin = await makePerson(db, place, "communityAdmin");
    const waiting = await first(db.insert(people).values({ phone: "13912340001", name: "待激活业主", displayNumber: "TEST-SMS-1", status: "verified" }).returning());
    await db.insert(roles).values({ personId: waiting.id, role: "owner", communityId: place.community.id, gridId: place.gridA.id, unitId: place.unitsA[1]!.id });

    const sent = await sendActivationCodesBySms(await ctxAs(admin, db), { buildingId: place.buildingA.id, expiresInDays: 30 }, { now: day });
    expect(sent.people).toBe(1);
    const queued = await rows();
    expect(queued).toEqual([expect.objectContaining({ channel: "sms", kind: "activationCode", personId: waiting.id, status: "queued" })]);
    expect(JSON.stringify(queued[0]!.params)).not.toMatch(/[A-Z0-9]{5}-[A-Z0-9]{5}/);
    // Not shown to the admin either.
    expect(JSON.stringify(await getMessagesOverview(await ctxAs(admin, db)))).not.toMatch(/[A-Z0-9]{5}-[A-Z0-9]{5}/);

    await sendDueMessages(db, { now: () => day });
    expect(receiver.accepted).toHaveLength(1);
    const [code, expiresOn] = receiver.accepted[0]!.params as [string, string];
    expect(receiver.accepted[0]!.phone).toBe("+8613912340001");
    expect(expiresOn).toBe(sent.expiresOn);
    const stored = (await first(db.select().from(activationCodes).where(eq(activationCodes.personId, waiting.id))))!;
    expect(stored.codeHash).toBe(hashActivationCode(normaliseActivationCode(code)!));
    expect((await rows())[0]).toMatchObject({ status: "sent", secretParams: null });
  });
});
