import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { publicPage } from "@/app/_lib/page";
import { config } from "@/lib/config";
import { ensureSetupCode } from "@/lib/setup/issue-code";
import { SetupForm } from "./_components/setup-form";

export async function generateMetadata() {
  const t = await getTranslations("setup");
  return { title: t("title") };
}

// Read at request time: whether setup is open changes once, and the page must see it.
export const dynamic = "force-dynamic";

/**
 * The first setup of a deployment from the browser, guarded by the one-time code the server
 * printed in its log (lib/setup/issue-code.ts). Once a community exists the page says setup is
 * closed — a plain page rather than a 404, so whoever bookmarked it learns where to go instead;
 * that a deployment is set up is no secret (its notice board says so). The action refuses (409).
 */
export default async function SetupPage() {
  const t = await getTranslations("setup");
  const page = await publicPage("/setup");
  const state = await page.read(({ db }) => ensureSetupCode(db, config().publicOrigin));
  if (state === "closed") {
    return (
      <div className="max-w-xl mx-auto">
        <div className="card bg-base-100 border border-base-300">
          <div className="card-body p-5 md:p-8 gap-4">
            <h1 className="text-2xl font-bold">{t("closedTitle")}</h1>
            <p className="text-lg">{t("closedBody")}</p>
            <Link href="/sign-in" className="btn btn-primary btn-lg">
              {t("signIn")}
            </Link>
          </div>
        </div>
      </div>
    );
  }
  return (
    <div className="max-w-xl mx-auto">
      <div className="card bg-base-100 border border-base-300">
        <div className="card-body p-5 md:p-8">
          <h1 className="text-2xl md:text-3xl font-bold">{t("title")}</h1>
          <p className="text-lg text-base-content/80">{t("lead")}</p>
          <SetupForm codeJustPrinted={state === "printed"} />
        </div>
      </div>
    </div>
  );
}
