import fs from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";

/** Debian's Chromium, headless, with no background traffic: the machine has no internet. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

export const baseURL = () => inject("baseURL");

/** A fresh browser profile at phone width, Chinese first, as most residents use it. */
export async function newPhone(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN", baseURL: baseURL() });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/**
 * One browser for the tests of a file or describe block (call it there): launched before them,
 * closed after them with every context handed to `keep`. `shots`, if given, is the screenshot
 * folder, emptied first.
 */
export function useBrowser(shots?: string) {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (shots) {
      fs.rmSync(shots, { recursive: true, force: true });
      fs.mkdirSync(shots, { recursive: true });
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });
  const launched = () => {
    if (!browser) throw new Error("useBrowser: the browser starts in beforeAll");
    return browser;
  };
  return {
    get browser() {
      return launched();
    },
    /** Closes this context with the browser, whatever the test's outcome. */
    keep<C extends BrowserContext>(context: C): C {
      contexts.push(context);
      return context;
    },
    /** A fresh phone profile signed in as `phone` (at `viewport` if given), closed with the browser. */
    async signedIn(phone: string, viewport?: { width: number; height: number }): Promise<Page> {
      const { context, page } = await newPhone(launched());
      contexts.push(context);
      if (viewport) await page.setViewportSize(viewport);
      await signIn(page, phone);
      return page;
    },
  };
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, phone: string, password = "demo1234") {
  await page.goto("/sign-in");
  await page.getByLabel("手机号").fill(phone);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

/**
 * Signs in through next-auth's credentials endpoint with fetch, as the sign-in form does. Returns
 * the Set-Cookie lines of both steps (with their attributes) and the cookie header to send back.
 * In production the session cookie is Secure and named with the __Secure- prefix (lib/auth/options.ts).
 */
export async function credentialsSignIn(phone: string, password = "demo1234") {
  const csrf = await fetch(`${baseURL()}/api/auth/csrf`);
  const csrfCookies = csrf.headers.getSetCookie();
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseURL()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.map(nameValue).join("; ") },
    body: new URLSearchParams({ csrfToken, phone, password, json: "true" }),
  });
  const cookies = res.headers.getSetCookie();
  const header = [...csrfCookies, ...cookies].map(nameValue).join("; ");
  return { status: res.status, csrfCookies, cookies, header };
}
const nameValue = (setCookie: string) => setCookie.split(";")[0]!;

/** The cookie header of a signed-in session; throws when the sign-in gave none. */
export async function sessionCookie(phone: string, password = "demo1234"): Promise<string> {
  const { status, cookies, header } = await credentialsSignIn(phone, password);
  if (!cookies.some((c) => /^(__Secure-)?next-auth\.session-token=/.test(c))) throw new Error(`sign-in of ${phone} gave no session (${status})`);
  return header;
}

/** Calls the JSON API with a bearer token of the given account. */
export async function apiToken(phone: string, password = "demo1234"): Promise<string> {
  const res = await fetch(`${baseURL()}/api/v1/auth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone, password }),
  });
  if (res.status !== 201) throw new Error(`sign-in for ${phone} failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${baseURL()}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json: json as Record<string, unknown> };
}
