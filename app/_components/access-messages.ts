import { createTranslator } from "next-intl";
import { pickLocale } from "@/lib/i18n/config";
import en from "@/lib/i18n/messages/en/access.json";
import zh from "@/lib/i18n/messages/zh-CN/access.json";

/**
 * The error pages' words outside next-intl's provider: global-error.tsx replaces the root layout
 * (and its provider) when the layout itself fails. Only this small namespace is bundled, both
 * languages, Chinese unless the reader chose or asks for English.
 */
export function errorTranslator(locale: string | undefined) {
  const l = locale === "en" ? "en" : "zh-CN";
  return createTranslator({ locale: l, messages: { access: l === "en" ? en : zh }, namespace: "access.error" });
}

/** The reader's language in the browser: the language cookie, else the browser's first language. */
export function browserLocale(): string {
  if (typeof document === "undefined") return "zh-CN";
  const cookie = /(?:^|;\s*)NEXT_LOCALE=([^;]+)/.exec(document.cookie)?.[1];
  return pickLocale(cookie, navigator.languages?.join(",") ?? navigator.language);
}
