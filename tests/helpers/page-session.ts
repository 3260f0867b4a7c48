import { createFormatter, createTranslator, NextIntlClientProvider } from "next-intl";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { expect, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { Locale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";

/**
 * Pages read the signed-in person and the translations from the request; in tests, the person given
 * to renderPageAs and the zh-CN messages. A suite mocks both modules with this one:
 *   vi.mock("@/lib/auth/session", () => import("../helpers/page-session"));
 *   vi.mock("next-intl/server", () => import("../helpers/page-session"));
 */
let signedIn: Actor | null = null;
const locale: Locale = "zh-CN";

export const currentActor = async () => signedIn;
export const getLocale = async () => locale;
export const getTranslations = async (namespace: string) => createTranslator({ locale, messages: messages[locale], namespace: namespace as never });
export const getFormatter = async () => createFormatter({ locale, timeZone: "Asia/Shanghai" });

/** A page rendered to HTML as `actor` sees it, at `now` when given (pages read the clock); fails on any missing message. */
export async function renderPageAs(actor: Actor, page: () => Promise<unknown>, now?: Date): Promise<string> {
  signedIn = actor;
  if (now) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
  }
  try {
    const missing: string[] = [];
    const tree = (await page()) as ReactNode;
    const html = renderToString(
      createElement(NextIntlClientProvider, { locale, messages: messages[locale], timeZone: "Asia/Shanghai", onError: (e) => missing.push(e.message), children: tree }),
    );
    expect(missing).toEqual([]);
    return html;
  } finally {
    if (now) vi.useRealTimers();
  }
}
