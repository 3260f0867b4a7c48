import type { Locale } from "./config";

/**
 * Dates are written one way everywhere (适老化: a reader should never have to decode a second
 * form): "2026年12月7日 14:00" in Chinese, "December 7, 2026 at 14:00" in English, on the 24-hour
 * clock of Beijing time. These are next-intl's global formats (lib/i18n/request.ts): a page writes
 * `format.dateTime(at, "dateTime")`; code outside React uses `formatDate` below.
 */
export const dateFormats = {
  dateTime: {
    /** 2026年12月7日 */
    date: { year: "numeric", month: "long", day: "numeric" },
    /** 2026年12月7日 14:00 */
    dateTime: { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    /** 2026年12月7日星期一 14:00: meetings, where the day of the week is what people remember. */
    weekdayDateTime: { year: "numeric", month: "long", day: "numeric", weekday: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
    /** 14:00 */
    time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  },
} as const satisfies { dateTime: Record<string, Intl.DateTimeFormatOptions> };

export type DateFormat = keyof (typeof dateFormats)["dateTime"];

export const timeZone = "Asia/Shanghai";

/** The same forms for text made outside a page (a to-do line, a notification): `formatDate(at, "zh-CN")`. */
export function formatDate(at: Date | number, locale: Locale, format: DateFormat = "dateTime"): string {
  return new Intl.DateTimeFormat(locale, { ...dateFormats.dateTime[format], timeZone }).format(at);
}

declare module "next-intl" {
  interface AppConfig {
    Formats: typeof dateFormats;
  }
}
