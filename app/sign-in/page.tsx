import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { publicPage } from "@/app/_lib/page";
import { sameSitePath } from "@/lib/security/same-site-path";
import { setupPending } from "@/lib/setup/status";
import { SignInForm } from "./_components/sign-in-form";

export async function generateMetadata() {
  const t = await getTranslations("auth");
  return { title: t("submitSignIn") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; phone?: string }> }) {
  const page = await publicPage("/sign-in");
  // Already signed in: nothing to do here.
  if (page.ctx.actor) redirect("/");
  // Nobody can sign in before the first setup: lead there (asked only until it is done).
  if (await page.read(({ db }) => setupPending(db))) redirect("/setup");
  const t = await getTranslations("auth");
  const { callbackUrl, phone } = await searchParams;
  const next = sameSitePath(callbackUrl);
  // The setup's last step links here with the new administrator's number filled in.
  const knownPhone = typeof phone === "string" && /^1\d{10}$/.test(phone) ? phone : undefined;
  return (
    <div className="max-w-md mx-auto">
      <div className="card bg-base-100 border border-base-300">
        <div className="card-body p-5 md:p-8">
          <h1 className="text-2xl font-bold">{t("signInTitle")}</h1>
          <p className="text-base-content/70">{t("signInSubtitle")}</p>
          <SignInForm next={next} phone={knownPhone} />
          <p className="mt-4 text-center">
            {t("noAccount")}{" "}
            <Link href="/register" className="link link-primary font-medium">
              {t("registerLink")}
            </Link>
          </p>
        </div>
      </div>
    </div>
  );
}
