import { createFormatter, createTranslator, NextIntlClientProvider } from "next-intl";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { expect, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import type { Locale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";

/**
 * Pages read the signed-in person and the translations from the request; in tests they come from
 * `session`. A suite mocks both modules with this one:
 *   vi.mock("@/lib/auth/session", () => import("../helpers/page-session"));
 *   vi.mock("next-intl/server", () => import("../helpers/page-session"));
 */
export const session = { actor: null as Actor | null, locale: "zh-CN" as Locale };

export const currentActor = async () => session.actor;
export const getLocale = async () => session.locale;
export const getTranslations = async (namespace: string) => createTranslator({ locale: session.locale, messages: messages[session.locale], namespace: namespace as never });
export const getFormatter = async () => createFormatter({ locale: session.locale, timeZone: "Asia/Shanghai" });

/** A page rendered to HTML as `actor` sees it, at `now` when given (pages read the clock); fails on any missing message. */
export async function renderPageAs(actor: Actor, page: () => Promise<unknown>, now?: Date): Promise<string> {
  session.actor = actor;
  if (now) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now);
  }
  try {
    const missing: string[] = [];
    const tree = (await page()) as ReactNode;
    const html = renderToString(
      createElement(NextIntlClientProvider, { locale: session.locale, messages: messages[session.locale], timeZone: "Asia/Shanghai", onError: (e) => missing.push(e.message), children: tree }),
    );
    expect(missing).toEqual([]);
    return html;
  } finally {
    if (now) vi.useRealTimers();
  }
}
