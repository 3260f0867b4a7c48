import path from "node:path";
import { describe, expect, inject, test } from "vitest";
import { shanghaiDate } from "@/lib/time";
import { api, apiToken, useBrowser } from "./browser";
import { readDb } from "./security-actions-helpers";

/*
 * Reminders that leave the app, walked in the browser on the demo server (which runs without SMS
 * configuration): the admin sees that SMS is off; a resident turns a reminder off on the account
 * page and it stays off; a meeting scheduled for tomorrow gives its invitee an inbox reminder, which
 * the admin's messages page lists. Delivery by SMS is proven in tests/integration/reminders-outbox.test.ts
 * against a receiver that checks what Tencent Cloud checks.
 */
const ADMIN = "13800000000";
const CHIEF = "13800000001";
const OWNER = "13800000101";
const INVITEE = "13800000137";
const shots = path.resolve("test-results/reminders");

const { signedIn } = useBrowser(shots);

describe("reminders", () => {
  test("the admin's messages page says SMS is off, on a phone and a desktop", async () => {
    const page = await signedIn(ADMIN);
    await page.goto("/admin/messages");
    await expect.poll(() => page.getByRole("heading", { name: "消息与短信" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText("短信未开通", { exact: true }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText("GRIDCOUNCIL_SMS_TEMPLATE_BALLOT_CLOSING").isVisible()).toBe(true);
    await page.screenshot({ path: path.join(shots, "admin-messages-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(shots, "admin-messages-1280.png"), fullPage: true });
    // The activation page says the same instead of offering to send codes by SMS.
    await page.goto("/admin/activation");
    await expect.poll(() => page.getByText("短信未开通（或没有配置激活码模板），暂时只能打印激活信。").isVisible()).toBe(true);
  });

  test("a resident turns a reminder off on the account page and it stays off; the owners' vote reminder cannot be", async () => {
    const page = await signedIn(OWNER);
    await page.goto("/account");
    const taskDue = page.getByRole("checkbox", { name: /任务明天到期/ });
    const owners = page.getByRole("checkbox", { name: /业主表决即将截止/ });
    await expect.poll(() => taskDue.isChecked()).toBe(true);
    await expect.poll(() => owners.isDisabled()).toBe(true);
    await expect.poll(() => owners.isChecked()).toBe(true);
    await taskDue.uncheck();
    await page.getByRole("button", { name: "保存提醒设置" }).click();
    await expect.poll(() => page.getByText("提醒设置已保存").isVisible()).toBe(true);
    await page.screenshot({ path: path.join(shots, "account-reminders-390.png"), fullPage: true });
    await page.reload();
    await expect.poll(() => page.getByRole("checkbox", { name: /任务明天到期/ }).isChecked()).toBe(false);
    await expect.poll(() => page.getByRole("checkbox", { name: /明天召开的议事会/ }).isChecked()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(shots, "account-reminders-1280.png"), fullPage: true });
  });

  test("a meeting tomorrow reminds its invitee in the inbox, and the admin's messages page lists it", async () => {
    const chief = await apiToken(CHIEF);
    const options = (await api("/api/v1/meetings/options", { token: chief })).json as { places: { gridId: number | null; topics: { id: number }[] }[] };
    const topic = options.places.find((p) => p.gridId === 1 && p.topics.length > 0)!.topics[0]!;
    const found = (await api(`/api/v1/meetings/people?q=${INVITEE}`, { token: chief })).json as unknown;
    const list = (Array.isArray(found) ? found : (found as { people: unknown[] }).people) as { personId: number }[];
    expect(list).toHaveLength(1);
    const tomorrow = shanghaiDate(Date.now() + 86_400_000);
    // One invitee (a demo owner no other test signs in as), so the reminder writes one message.
    const made = await api("/api/v1/meetings", { method: "POST", token: chief, body: { gridId: 1, title: "明日提醒测试议事会", startsAt: `${tomorrow}T19:00`, place: "红心议事厅", topicIds: [topic.id], personIds: [list[0]!.personId] } });
    expect(made.status).toBe(201);

    // The server's reminder job runs every minute.
    const admin = await signedIn(ADMIN, { width: 1280, height: 800 });
    await expect
      .poll(
        async () => {
          await admin.goto("/admin/messages");
          // This invitee's row (other files' meetings may have reminders of the same kind), phone masked.
          return admin.getByRole("row").filter({ hasText: "明天召开的议事会" }).filter({ hasText: "138****0137" }).count();
        },
        { timeout: 150_000, interval: 10_000 },
      )
      .toBeGreaterThan(0);
    await expect.poll(() => admin.getByRole("cell", { name: /站内消息/ }).first().isVisible()).toBe(true);
    await admin.screenshot({ path: path.join(shots, "admin-messages-listed-1280.png"), fullPage: true });

    // The invitee finds it in the inbox.
    const invitee = await signedIn(INVITEE);
    await expect
      .poll(async () => {
        await invitee.goto("/inbox");
        return invitee.getByText("议事会「明日提醒测试议事会」明天召开，请准时参加").isVisible();
      })
      .toBe(true);
    // Nothing left for the job to write after this file (the security matrices compare the whole database).
    const db = readDb(inject("dbFile"));
    try {
      expect(db.prepare("select count(*) as n from outbox_messages where status in ('queued', 'sending') and channel = 'inbox'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 200_000);
});
