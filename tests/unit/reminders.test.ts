import { describe, expect, it } from "vitest";
import { smsTemplateVariables } from "@/lib/config";
import {
  addDays,
  afterFailure,
  ballotClosingDue,
  cosignClosingDue,
  deliverAt,
  isMuted,
  MAX_ATTEMPTS,
  mayMute,
  meetingTomorrowDue,
  messageKinds,
  ratingDue,
  reminderKinds,
  retryDelayMs,
  taskReminderDue,
} from "@/lib/domain/reminders";
import { smsTemplateValues, templateParams } from "@/lib/notify/kinds";
import { smsErrorIsRetryable, transportErrorNeverSent } from "@/lib/notify/channels/sms-errors";
import { fromShanghai } from "@/lib/time";

const H = 3_600_000;
// 2026-03-10 14:00 Beijing.
const now = fromShanghai(2026, 3, 10, 14);
const at = (hours: number) => new Date(now.getTime() + hours * H);

describe("ballot closing reminder", () => {
  const ballot = (o: Partial<Parameters<typeof ballotClosingDue>[0]> = {}) => ({ status: "open" as const, opensAt: at(-72), closesAt: at(10), meetingBallot: false, ...o });
  it("is due in the last 24 hours of an open ballot", () => {
    expect(ballotClosingDue(ballot(), now)).toBe(true);
    expect(ballotClosingDue(ballot({ closesAt: at(24) }), now)).toBe(true);
    expect(ballotClosingDue(ballot({ closesAt: at(0.01) }), now)).toBe(true);
  });
  it("is not due earlier, after the close, once closed, or for a meeting's ballot", () => {
    expect(ballotClosingDue(ballot({ closesAt: at(24.01) }), now)).toBe(false);
    expect(ballotClosingDue(ballot({ closesAt: at(0) }), now)).toBe(false);
    expect(ballotClosingDue(ballot({ closesAt: at(-1) }), now)).toBe(false);
    expect(ballotClosingDue(ballot({ status: "closed" }), now)).toBe(false);
    expect(ballotClosingDue(ballot({ meetingBallot: true }), now)).toBe(false);
  });
  it("is not sent for a ballot shorter than a day (its opening notice is the reminder)", () => {
    expect(ballotClosingDue(ballot({ opensAt: at(-2), closesAt: at(10) }), now)).toBe(false);
    expect(ballotClosingDue(ballot({ opensAt: at(-14), closesAt: at(10) }), now)).toBe(true);
  });
});

describe("meeting tomorrow", () => {
  it("is due on the Beijing day before the meeting, not two days before nor on the day", () => {
    expect(meetingTomorrowDue({ status: "scheduled", startsAt: fromShanghai(2026, 3, 11, 19) }, now)).toBe(true);
    expect(meetingTomorrowDue({ status: "scheduled", startsAt: fromShanghai(2026, 3, 11, 0, 30) }, now)).toBe(true);
    expect(meetingTomorrowDue({ status: "scheduled", startsAt: fromShanghai(2026, 3, 12, 9) }, now)).toBe(false);
    expect(meetingTomorrowDue({ status: "scheduled", startsAt: fromShanghai(2026, 3, 10, 19) }, now)).toBe(false);
  });
  it("reads the Beijing calendar: 23:30 UTC on the 10th is already the 11th in Beijing", () => {
    const lateUtc = new Date(Date.UTC(2026, 2, 10, 23, 30)); // 07:30 on the 11th in Beijing
    expect(meetingTomorrowDue({ status: "scheduled", startsAt: fromShanghai(2026, 3, 12, 19) }, lateUtc)).toBe(true);
  });
  it("is not due for a cancelled or held meeting", () => {
    expect(meetingTomorrowDue({ status: "cancelled", startsAt: fromShanghai(2026, 3, 11, 19) }, now)).toBe(false);
    expect(meetingTomorrowDue({ status: "held", startsAt: fromShanghai(2026, 3, 11, 19) }, now)).toBe(false);
  });
});

describe("co-sign window closing", () => {
  const topic = (o: Partial<Parameters<typeof cosignClosingDue>[0]> = {}) => ({ state: "proposed", createdAt: at(-14 * 24), cosignDeadline: at(20), cosignCount: 2, cosignThreshold: 5, ...o });
  it("is due in the last 24 h while short of the threshold", () => {
    expect(cosignClosingDue(topic(), now)).toBe(true);
    expect(cosignClosingDue(topic({ cosignDeadline: at(24) }), now)).toBe(true);
  });
  it("is not due earlier, after the deadline, at the threshold, or in another state", () => {
    expect(cosignClosingDue(topic({ cosignDeadline: at(25) }), now)).toBe(false);
    expect(cosignClosingDue(topic({ cosignDeadline: at(0) }), now)).toBe(false);
    expect(cosignClosingDue(topic({ cosignCount: 5 }), now)).toBe(false);
    expect(cosignClosingDue(topic({ state: "admitted" }), now)).toBe(false);
  });
  it("leaves a window of a day or less alone (the proposer has just proposed)", () => {
    expect(cosignClosingDue(topic({ createdAt: at(-3), cosignDeadline: at(20) }), now)).toBe(false);
    expect(cosignClosingDue(topic({ createdAt: at(-4), cosignDeadline: at(20) }), now)).toBe(true);
  });
});

describe("task reminders", () => {
  it("reminds the day before the due day and after it has passed, never on the day or once completed", () => {
    expect(taskReminderDue({ status: "inProgress", dueOn: "2026-03-11" }, now)).toBe("taskDue");
    expect(taskReminderDue({ status: "assigned", dueOn: "2026-03-10" }, now)).toBeNull();
    expect(taskReminderDue({ status: "assigned", dueOn: "2026-03-09" }, now)).toBe("taskOverdue");
    expect(taskReminderDue({ status: "taken", dueOn: "2026-03-12" }, now)).toBeNull();
    expect(taskReminderDue({ status: "completed", dueOn: "2026-03-09" }, now)).toBeNull();
    expect(taskReminderDue({ status: "completed", dueOn: "2026-03-11" }, now)).toBeNull();
  });
  it("adds days across months and years", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("rating due", () => {
  const base = { askedAt: at(-72), rated: false, excused: false, underReview: true };
  it("is due three days after the request while the supervisor has neither rated nor been excused", () => {
    expect(ratingDue(base, now)).toBe(true);
    expect(ratingDue({ ...base, askedAt: at(-71) }, now)).toBe(false);
    expect(ratingDue({ ...base, rated: true }, now)).toBe(false);
    expect(ratingDue({ ...base, excused: true }, now)).toBe(false);
    expect(ratingDue({ ...base, underReview: false }, now)).toBe(false);
  });
});

describe("quiet hours", () => {
  it("sends in the day at once", () => {
    expect(deliverAt(fromShanghai(2026, 3, 10, 8))).toEqual(fromShanghai(2026, 3, 10, 8));
    expect(deliverAt(fromShanghai(2026, 3, 10, 20, 59))).toEqual(fromShanghai(2026, 3, 10, 20, 59));
  });
  it("holds a text message from 21:00 to 08:00 Beijing", () => {
    expect(deliverAt(fromShanghai(2026, 3, 10, 21))).toEqual(fromShanghai(2026, 3, 11, 8));
    expect(deliverAt(fromShanghai(2026, 3, 10, 23, 30))).toEqual(fromShanghai(2026, 3, 11, 8));
    expect(deliverAt(fromShanghai(2026, 3, 11, 3))).toEqual(fromShanghai(2026, 3, 11, 8));
  });
  it("sends at night after all when the deadline comes before the morning", () => {
    expect(deliverAt(fromShanghai(2026, 3, 10, 22), fromShanghai(2026, 3, 11, 7))).toEqual(fromShanghai(2026, 3, 10, 22));
    expect(deliverAt(fromShanghai(2026, 3, 10, 22), fromShanghai(2026, 3, 11, 9))).toEqual(fromShanghai(2026, 3, 11, 8));
  });
});

describe("muting", () => {
  it("lets a person mute every reminder except the owners' ballot notice the law requires", () => {
    for (const k of reminderKinds) expect(mayMute(k)).toBe(k !== "ownersBallotClosing");
  });
  it("ignores a stored mute of an unmutable kind, and never mutes an activation code", () => {
    const muted = new Set(["ownersBallotClosing", "ballotClosing", "activationCode"]);
    expect(isMuted("ownersBallotClosing", muted)).toBe(false);
    expect(isMuted("ballotClosing", muted)).toBe(true);
    expect(isMuted("activationCode", muted)).toBe(false);
    expect(isMuted("taskDue", muted)).toBe(false);
  });
});

describe("retries", () => {
  it("doubles the wait from one minute, at most six hours", () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000, 960_000]);
    expect(retryDelayMs(20)).toBe(6 * H);
  });
  it("queues a retryable failure again until the last attempt, then gives up", () => {
    expect(afterFailure(1, true, now)).toEqual({ status: "queued", nextAttemptAt: new Date(now.getTime() + 60_000) });
    expect(afterFailure(MAX_ATTEMPTS - 1, true, now).status).toBe("queued");
    expect(afterFailure(MAX_ATTEMPTS, true, now)).toEqual({ status: "failed" });
    expect(afterFailure(1, false, now)).toEqual({ status: "failed" });
  });
});

describe("SMS templates and provider errors", () => {
  it("has a template variable for every message kind, and one SMS template setting each", () => {
    expect(Object.keys(templateParams).sort()).toEqual([...messageKinds].sort());
    expect(Object.keys(smsTemplateVariables).sort()).toEqual([...messageKinds].sort());
  });
  it("fills the variables in the template's order, secrets from their own store, each cut to 12 characters", () => {
    expect(smsTemplateValues("ballotClosing", { topic: "加装电梯", closesAt: "03-11 20:00", topicId: 4 }, null)).toEqual(["加装电梯", "03-11 20:00"]);
    expect(smsTemplateValues("activationCode", { expiresOn: "2026-04-10" }, { code: "ABCD-EFGH-JK" })).toEqual(["ABCD-EFGH-JK", "2026-04-10"]);
    expect(smsTemplateValues("ratingDue", { topic: "更换2号楼两个单元的门禁锁和读卡器" }, null)).toEqual(["更换2号楼两个单元的门…"]);
  });
  it("sends a resident's title without links, phone or account numbers, or a fake 【signature】", () => {
    expect(smsTemplateValues("ballotClosing", { topic: "领补贴加V 13800138000", closesAt: "03-11 20:00" }, null)).toEqual(["领补贴加V", "03-11 20:00"]);
    expect(smsTemplateValues("meetingTomorrow", { meeting: "看 https://evil.cn/a 详情", startsAt: "03-11 19:00" }, null)).toEqual(["看 详情", "03-11 19:00"]);
    expect(smsTemplateValues("taskDue", { task: "快上 evil.top 领", dueOn: "2026-03-12" }, null)).toEqual(["快上 领", "2026-03-12"]);
    expect(smsTemplateValues("ratingDue", { topic: "【社区】退费 138 0013 8000" }, null)).toEqual(["社区退费"]);
    expect(smsTemplateValues("ratingDue", { topic: "加Q１\u200b２３４５６７" }, null)).toEqual(["加Q"]);
    // Ordinary titles keep their short numbers; a title that was only a link still fills the variable.
    expect(smsTemplateValues("ratingDue", { topic: "2号楼3单元换锁" }, null)).toEqual(["2号楼3单元换锁"]);
    expect(smsTemplateValues("ratingDue", { topic: "www.x.cn" }, null)).toEqual(["…"]);
    // Values the app writes itself are left as they are (an activation code, a date).
    expect(smsTemplateValues("activationCode", { expiresOn: "2026-04-10" }, { code: "ABCD-EFGH-JK" })).toEqual(["ABCD-EFGH-JK", "2026-04-10"]);
  });
  it("retries what may pass later and gives up on what no retry mends", () => {
    for (const code of ["InternalError.Timeout", "RequestLimitExceeded", "LimitExceeded.PhoneNumberThirtySecondLimit", "LimitExceeded.PhoneNumberDailyLimit", "FailedOperation.InsufficientBalanceInSmsPackage", "AuthFailure.SignatureFailure", "ResourceUnavailable"]) {
      expect(smsErrorIsRetryable(code), code).toBe(true);
    }
    for (const code of ["InvalidParameterValue.IncorrectPhoneNumber", "FailedOperation.TemplateIncorrectOrUnapproved", "FailedOperation.SignatureIncorrectOrUnapproved", "FailedOperation.PhoneNumberInBlacklist", "UnauthorizedOperation.SmsSdkAppIdVerifyFail", "FailedOperation.TemplateParamSetNotMatchApprovedTemplate", "FailedOperation.SomethingNew", "MissingParameter"]) {
      expect(smsErrorIsRetryable(code), code).toBe(false);
    }
  });
  it("retries a transport failure only when the request never left", () => {
    expect(transportErrorNeverSent("request to http://x/ failed, reason: connect ECONNREFUSED 127.0.0.1:9")).toBe(true);
    expect(transportErrorNeverSent("getaddrinfo ENOTFOUND sms.tencentcloudapi.com")).toBe(true);
    expect(transportErrorNeverSent("network timeout at: http://x/")).toBe(false);
    expect(transportErrorNeverSent("socket hang up")).toBe(false);
  });
});
