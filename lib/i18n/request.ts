import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { localeCookie, pickLocale } from "./config";
import { dateFormats, timeZone } from "./dates";
import { messages } from "./messages";

export default getRequestConfig(async () => {
  const locale = pickLocale((await cookies()).get(localeCookie)?.value, (await headers()).get("accept-language"));
  // One way of writing dates everywhere (lib/i18n/dates.ts); client components inherit the formats.
  return { locale, messages: messages[locale], timeZone, formats: dateFormats };
});
