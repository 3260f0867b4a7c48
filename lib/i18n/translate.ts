import { createTranslator } from "next-intl";
import type { Locale } from "./config";
import { messages } from "./messages";

/** Translates an error key (under `errors.`) outside React, e.g. for API responses. */
export function errorMessage(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const t = createTranslator({ locale, messages: messages[locale], namespace: "errors" });
  return t.has(key as never) ? t(key as never, params as never) : t("invalidField");
}
