import { createFormatter, createTranslator, NextIntlClientProvider } from "next-intl";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { expect, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { Locale } from "@/lib/i18n/config";
import { dateFormats } from "@/lib/i18n/dates";
import { messages } from "@/lib/i18n/messages";
import { actorOf, theFileDb } from "./db";

/*
 * What pages, routes and actions read from the request — the signed-in person, the language,
 * cookies and headers — comes in tests from one scope the test controls. mockRequestScope()
 * stands this module in for `@/lib/auth/session`, `next-intl/server` and `next/headers`; call it
 * from vi.hoisted so the stand-ins are in place before the suite's imports:
 *   const request = await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());
 */

export type RequestScope = {
  /** Who `currentActor()` answers with. */
  actor: Actor | null;
  locale: Locale;
  /** The request's cookies, by name. */
  cookies: Map<string, string>;
  /** Cookies the code under test set, in order. */
  setCookies: { name: string; value: string }[];
  headers: Headers;
};

const request: RequestScope = { actor: null, locale: "zh-CN", cookies: new Map(), setCookies: [], headers: new Headers() };

/**
 * Mocks the request-scoped modules with this scope and returns it. `realSession`: keep the real
 * `@/lib/auth/session` (it then reads the scope's cookies through next-auth) and mock only the
 * language and next/headers.
 */
export function mockRequestScope(opts: { realSession?: boolean } = {}): RequestScope {
  if (!opts.realSession) vi.doMock("@/lib/auth/session", () => import("./page-session"));
  vi.doMock("next-intl/server", () => import("./page-session"));
  vi.doMock("next/headers", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/headers")>()), cookies, headers }));
  return request;
}

// The stand-ins.
export const currentActor = async () => request.actor;
export const getLocale = async () => request.locale;
export const getTranslations = async (namespace: string) => createTranslator({ locale: request.locale, messages: messages[request.locale], namespace: namespace as never, formats: dateFormats, timeZone: "Asia/Shanghai" });
export const getFormatter = async () => createFormatter({ locale: request.locale, timeZone: "Asia/Shanghai", formats: dateFormats });
export const headers = async () => request.headers;
export const cookies = async () => ({
  get: (name: string) => (request.cookies.has(name) ? { name, value: request.cookies.get(name)! } : undefined),
  getAll: () => [...request.cookies].map(([name, value]) => ({ name, value })),
  has: (name: string) => request.cookies.has(name),
  set: (name: string, value: string) => void request.setCookies.push({ name, value }),
  delete: (name: string) => void request.setCookies.push({ name, value: "" }),
});

/**
 * A page (or any server tree) rendered to HTML as `who` sees it — a person of the file's database,
 * an actor, or nobody — in `locale` (zh-CN unless given), at `now` when given (pages read the
 * clock). Fails on any missing message.
 */
export async function renderPageAs(
  who: { id: number } | Actor | null,
  page: () => Promise<unknown> | unknown,
  opts: { now?: Date; locale?: Locale } = {},
): Promise<string> {
  request.actor = who === null ? null : "personId" in who ? who : await actorOf(theFileDb(), who);
  const locale = (request.locale = opts.locale ?? "zh-CN");
  if (opts.now) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(opts.now);
  }
  try {
    const missing: string[] = [];
    const tree = (await page()) as ReactNode;
    const html = renderToString(
      createElement(NextIntlClientProvider, { locale, messages: messages[locale], timeZone: "Asia/Shanghai", formats: dateFormats, onError: (e) => missing.push(e.message), children: tree }),
    );
    expect(missing).toEqual([]);
    return html;
  } finally {
    if (opts.now) vi.useRealTimers();
  }
}

/** Every id in the HTML is unique and every label points at one (`except`: ids that only exist in the browser). */
export function expectLabelledIds(html: string, except: string[] = []) {
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  expect(new Set(ids).size, "ids are unique").toBe(ids.length);
  for (const [, target] of html.matchAll(/<label[^>]*for="([^"]+)"/g)) if (!except.includes(target!)) expect(ids).toContain(target);
}
