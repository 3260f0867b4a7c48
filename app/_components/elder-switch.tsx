import { cookies } from "next/headers";
import { getTranslations } from "next-intl/server";
import { elderCookie, elderCookieMaxAge, isElderMode } from "@/lib/i18n/elder-mode";

async function switchElderMode(form: FormData) {
  "use server";
  const on = form.get("to") === "on";
  (await cookies()).set(elderCookie, on ? "1" : "0", { path: "/", maxAge: elderCookieMaxAge, sameSite: "lax" });
}

/**
 * 长辈模式 in the header: a toggle button (aria-pressed) in a form, so it works before the page's
 * script has loaded, like the language switch. The cookie is read by the root layout, which marks
 * <html data-elder> on the server: larger type from the first paint (globals.css).
 */
export async function ElderSwitch() {
  const on = isElderMode((await cookies()).get(elderCookie)?.value);
  const t = await getTranslations("access.elder");
  return (
    <form action={switchElderMode}>
      <input type="hidden" name="to" value={on ? "off" : "on"} />
      <button type="submit" aria-pressed={on} aria-label={t("label")} title={t("hint")} data-testid="elder-switch" className={`btn btn-sm px-2 min-w-11 shrink-0 whitespace-nowrap border-primary-content/70 ${on ? "bg-primary-content text-primary" : "btn-ghost text-primary-content"}`}>
        {/* The name is always the whole 长辈模式 (it starts with the visible words, WCAG 2.5.3); a phone shows 长辈. */}
        {/* One flex item: the button's gap put a space inside the word (长辈 模式). */}
        <span>
          {t("short")}
          <span className="max-sm:hidden">{t("rest")}</span>
        </span>
      </button>
    </form>
  );
}
