import { cookies } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { localeCookie, type Locale } from "@/lib/i18n/config";

async function switchLocale(form: FormData) {
  "use server";
  const to: Locale = form.get("to") === "en" ? "en" : "zh-CN";
  (await cookies()).set(localeCookie, to, { path: "/", maxAge: 365 * 86_400, sameSite: "lax" });
}

export async function LocaleSwitch() {
  const locale = await getLocale();
  const t = await getTranslations("common");
  const to = locale === "en" ? "zh-CN" : "en";
  return (
    <form action={switchLocale}>
      <input type="hidden" name="to" value={to} />
      <button type="submit" className="btn btn-ghost btn-sm text-primary-content" lang={to} aria-label={`${t("switchLanguage")} ${to === "en" ? "EN" : "中文"}`}>
        {to === "en" ? "EN" : "中文"}
      </button>
    </form>
  );
}
