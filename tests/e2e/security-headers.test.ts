import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, baseURL, credentialsSignIn, newPhone, signIn, useBrowser } from "./browser";

describe("session cookies and security headers (production server)", () => {
  it("the session cookie is HttpOnly, Secure and SameSite=Lax; the CSRF cookie is a __Host- cookie", async () => {
    const { csrfCookies, cookies } = await credentialsSignIn("13800000101");
    const session = cookies.find((c) => c.startsWith("__Secure-next-auth.session-token="));
    expect(session, cookies.join("\n")).toBeDefined();
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*SameSite=Lax/i);
    const csrf = csrfCookies.find((c) => c.startsWith("__Host-next-auth.csrf-token="));
    expect(csrf).toMatch(/;\s*HttpOnly/i);
    expect(csrf).toMatch(/;\s*Secure/i);
  });

  it("pages carry a nonce CSP that forbids framing and foreign scripts, and Next's own scripts carry that nonce", async () => {
    const res = await fetch(`${baseURL()}/topics`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).toMatch(/script-src [^;]*'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A fresh nonce on every response.
    const again = await fetch(`${baseURL()}/topics`);
    expect(/'nonce-([^']+)'/.exec(again.headers.get("content-security-policy") ?? "")?.[1]).not.toBe(nonce);
  });

  it("API answers are data: CSP default-src 'none', nosniff, no framing", async () => {
    const res = await fetch(`${baseURL()}/api/v1/notices`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-powered-by")).toBeNull();
  });

  it("the topic list ignores filters that do not parse instead of failing (?gridId=abc, an overlong q)", async () => {
    const { header: cookie } = await credentialsSignIn("13800000103");
    for (const query of ["gridId=abc", "categoryId=1%27%20OR%201%3D1", `q=${"电梯".repeat(200)}`, "gridId=1&gridId=2", "page=-5&stage=nope"]) {
      const res = await fetch(`${baseURL()}/topics?${query}`, { headers: { cookie } });
      expect(res.status, query).toBe(200);
      const html = await res.text();
      expect(html, query).not.toMatch(/Internal Server Error|at \w+ \(/);
    }
  });

  describe("in the browser", () => {
    const browsing = useBrowser();

    it("pages work under the policy: no CSP violation while a resident signs in and opens topics", async () => {
      const { context, page } = await newPhone(browsing.browser);
      const violations: string[] = [];
      page.on("console", (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
      });
      await signIn(page, "13800000101");
      await page.goto("/topics");
      const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      const topicHref = hrefs.find((h) => /^\/topics\/\d+$/.test(h));
      expect(topicHref).toBeDefined();
      await page.goto(topicHref!);
      // Hydrated under the policy: client-side navigation works (a full load would also pass, so
      // check the document was not reloaded by marking the window first).
      await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1));
      await page.locator('a[href="/inbox"]').first().click();
      await page.waitForURL(/\/inbox/);
      expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
      expect(violations).toEqual([]);
      await context.close();
    });

    it("five wrong passwords from a stranger stop the stranger, not the resident: the owner signs in from home, a new address waits", async () => {
      // A fresh account of its own: throttling a demo account would slow it for the other test files.
      const phone = "13977770001";
      const { json: b } = await api("/api/v1/places/grids/1/buildings");
      const buildingId = (b.buildings as { id: number }[])[0]!.id;
      const { json: u } = await api(`/api/v1/places/buildings/${buildingId}/units`);
      const unitId = (u.units as { id: number }[])[0]!.id;
      const reg = await api("/api/v1/registrations", {
        method: "POST",
        body: { name: "锁定测试", phone, password: "right-pass-1", gridId: 1, buildingId, unitId, relation: "resident" },
      });
      expect(reg.status).toBe(201);
      // Each client is a browser behind the (trusted, loopback) reverse proxy with its own address.
      const from = async (address: string) => {
        const phoneCtx = await newPhone(browsing.browser);
        await phoneCtx.context.setExtraHTTPHeaders({ "x-forwarded-for": address });
        await phoneCtx.page.goto("/sign-in");
        return phoneCtx;
      };
      const submit = async (page: Page, password: string) => {
        await page.getByLabel("手机号").fill(phone);
        await page.getByLabel("密码").fill(password);
        await page.getByRole("button", { name: "登录", exact: true }).click();
      };
      const alertText = (page: Page) => page.getByRole("alert").filter({ hasText: /./ }).textContent();

      const home = await from("198.51.100.10");
      await submit(home.page, "right-pass-1");
      await home.page.waitForURL((url) => url.pathname !== "/sign-in");
      await home.context.close();

      const stranger = await from("203.0.113.66");
      for (let i = 0; i < 5; i++) {
        await submit(stranger.page, `wrong-pass-${i}`);
        // The same words as for a number nobody has.
        await expect.poll(() => alertText(stranger.page)).toContain("手机号或密码不正确");
      }
      // From an address the number never used, even the right password waits a little: the number
      // is slowed down (half a minute after five failures, doubling), never locked.
      const elsewhere = await fetch(`${baseURL()}/api/v1/auth/token`, {
        method: "POST",
        headers: { "content-type": "application/json", "accept-language": "zh-CN", "x-forwarded-for": "192.0.2.44" },
        body: JSON.stringify({ phone, password: "right-pass-1" }),
      });
      expect(elsewhere.status).toBe(429);
      expect(((await elsewhere.json()) as { error: { message: string } }).error.message).toBe("该手机号近期登录失败次数较多，为保护账号，请 1 分钟后再试。在您以前登录过的网络上登录不受影响。");

      await submit(stranger.page, "right-pass-1");
      await expect.poll(() => alertText(stranger.page)).toContain("登录失败次数过多，已暂时锁定。请 15 分钟后再试。");
      expect(new URL(stranger.page.url()).pathname).toBe("/sign-in");
      await stranger.context.close();

      // The resident at home is not locked out.
      const again = await from("198.51.100.10");
      await submit(again.page, "right-pass-1");
      await again.page.waitForURL((url) => url.pathname !== "/sign-in");
      await again.context.close();
    });

    it("signing out from the menu drops the session: staff pages ask to sign in again", async () => {
      const { context, page } = await newPhone(browsing.browser);
      await signIn(page, "13800000102");
      await page.goto("/inbox");
      await page.locator("summary[aria-label=\"菜单\"]").click();
      // Every entry of the phone menu, sign-out included, is at least a 44 px tap target.
      const heights = await page.locator("details.dropdown ul.menu").locator("a, button").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      expect(heights.length).toBeGreaterThan(3);
      expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);
      await page.getByRole("button", { name: "退出", exact: true }).last().click();
      await page.waitForURL((u) => u.pathname === "/");
      await expect.poll(async () => (await context.cookies()).some((c) => c.name.endsWith("next-auth.session-token") && c.value !== "")).toBe(false);
      await page.goto("/inbox");
      await page.waitForURL(/\/sign-in/);
      await context.close();
    });

    it("a page cannot be framed by another site", async () => {
      const { context, page } = await newPhone(browsing.browser);
      // A data: URL is another origin; the frame must stay empty.
      await page.setContent(`<iframe id="f" src="${baseURL()}/notices" width="300" height="300"></iframe>`);
      await page.waitForTimeout(1500);
      const frame = page.frames().find((f) => f.url().includes("/notices"));
      const framedText = frame ? await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "") : "";
      expect(framedText).not.toContain("公示");
      await context.close();
    });
  });
});
