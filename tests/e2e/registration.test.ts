import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api, apiToken, launchBrowser, newPhone, signIn } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a new resident registers, waits, is verified by the grid worker and takes part", () => {
  const phone = "13912345678";

  test("register → pending → verified by the grid worker → signed in as a verified resident", async () => {
    // 1. A newcomer registers at phone width.
    const resident = await newPhone(browser);
    const page = resident.page;
    await page.goto("/");
    await page.getByRole("link", { name: "注册为居民" }).click();
    await page.getByLabel("姓名").fill("吴晓东");
    await page.getByLabel("手机号").fill("1391234567"); // one digit short
    await page.getByLabel("密码").fill("secret-pass");
    await page.getByLabel("所在网格").selectOption({ label: "红心社区 · 第一网格" });
    await page.getByLabel("楼栋").selectOption({ label: "2号楼" });
    await page.getByLabel("房号").selectOption({ label: "1-302" });
    await page.getByLabel("业主（房屋产权人）").check();
    await page.getByRole("button", { name: "提交注册" }).click();
    // A malformed phone is refused with a clear Chinese message, and the rest of the form is kept.
    await expect.poll(() => page.getByText("手机号格式不正确").first().isVisible()).toBe(true);
    expect(await page.getByLabel("房号").inputValue()).not.toBe("");

    await page.getByLabel("手机号").fill(phone);
    await page.getByRole("button", { name: "提交注册" }).click();
    const done = page.getByRole("status");
    await expect.poll(() => done.textContent()).toMatch(/注册已提交.*HX01-YZ-02#1-302-\d/);

    // 2. Signed in, the account is pending: a banner says so, and staff pages refuse it.
    await signIn(page, phone, "secret-pass");
    await expect.poll(() => page.getByText("您的注册正在等待网格员核实").isVisible()).toBe(true);
    await page.goto("/staff/registrations");
    await expect.poll(() => page.getByText("您没有核实居民注册的权限").isVisible()).toBe(true);
    await resident.context.close();

    // 3. The same phone cannot register twice.
    const again = await api("/api/v1/registrations", {
      method: "POST",
      body: { name: "冒名者", phone, password: "another-pass", gridId: 1, buildingId: 2, unitId: 1, relation: "resident" },
    });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);

    // 4. The grid worker of grid 1 sees the registration and verifies it.
    const worker = await newPhone(browser);
    await signIn(worker.page, "13800000002");
    await worker.page.getByRole("link", { name: "去核实" }).click();
    const card = worker.page.getByTestId("registration").filter({ hasText: "吴晓东" });
    await expect.poll(() => card.getByText("2号楼 1-302").isVisible()).toBe(true);
    await card.getByRole("button", { name: "核实通过" }).click();
    await expect.poll(() => worker.page.getByText("已通过核实：吴晓东").isVisible()).toBe(true);
    await worker.context.close();

    // 5. The resident signs in again: verified, an owner and resident of that unit in grid 1.
    const back = await newPhone(browser);
    await signIn(back.page, phone, "secret-pass");
    await expect.poll(() => back.page.getByRole("heading", { name: "我的网格" }).isVisible()).toBe(true);
    expect(await back.page.getByText("您的注册正在等待网格员核实").count()).toBe(0);
    const roles = await back.page.locator("li").filter({ hasText: "2号楼 1-302" }).allTextContents();
    expect(roles.join(" ")).toContain("业主");
    expect(roles.join(" ")).toContain("居民");
    await back.context.close();
  });

  test("wrong password and unknown number are refused on the sign-in page in Chinese, with the same words", async () => {
    const { context, page } = await newPhone(browser);
    await page.goto("/sign-in");
    await page.getByLabel("手机号").fill("13800000001");
    await page.getByLabel("密码").fill("not-the-password");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await expect.poll(() => page.locator(".alert").textContent()).toBe("手机号或密码不正确");
    // And a way forward: there is no self-service reset, so it names who can help.
    expect(await page.getByText("忘记密码？请联系本网格的网格员。").isVisible()).toBe(true);
    // A number nobody has gets the same message, so the page does not tell a stranger which
    // numbers are registered (read once this attempt's answer is in).
    await page.getByLabel("手机号").fill("13700000000");
    await page.getByLabel("密码").fill("demo1234");
    await Promise.all([
      page.waitForResponse((res) => res.url().includes("/api/auth/callback/credentials")),
      page.getByRole("button", { name: "登录", exact: true }).click(),
    ]);
    await expect.poll(() => page.locator(".alert").textContent()).toBe("手机号或密码不正确");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await context.close();
  });
});

describe("forbidden actions are refused on the server, whatever the UI shows", () => {
  test("a resident of grid 2 cannot verify a grid-1 registration through the API, and it stays pending", async () => {
    const staffToken = await apiToken("13800000002");
    const before = await api("/api/v1/registrations", { token: staffToken });
    const pending = (before.json.registrations as { personId: number; name: string }[]).find((r) => r.name === "黄振华");
    expect(pending).toBeDefined();

    const outsider = await apiToken("13800000201");
    const refused = await api(`/api/v1/registrations/${pending!.personId}/review`, { method: "POST", token: outsider, body: { decision: "verify" } });
    expect(refused.status).toBe(403);
    expect((refused.json.error as { message: string }).message).toBe("您没有权限进行此操作");

    const signedOut = await api(`/api/v1/registrations/${pending!.personId}/review`, { method: "POST", body: { decision: "verify" } });
    expect(signedOut.status).toBe(401);

    const after = await api("/api/v1/registrations", { token: staffToken });
    expect((after.json.registrations as { personId: number }[]).some((r) => r.personId === pending!.personId)).toBe(true);
  });

  test("malformed JSON and bad input get a 4xx with a Chinese message, never a stack trace", async () => {
    const res = await fetch(`${(await import("./browser")).baseURL()}/api/v1/registrations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toBe("请求内容不是有效的 JSON");

    const outside = await api("/api/v1/registrations", {
      method: "POST",
      body: { name: "错位", phone: "13912340000", password: "secret-pass", gridId: 2, buildingId: 1, unitId: 1, relation: "resident" },
    });
    expect(outside.status).toBe(422);
    expect((outside.json.error as { message: string }).message).toContain("不在所选网格或楼栋内");
  });
});
