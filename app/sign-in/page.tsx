import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { publicPage } from "@/app/_lib/page";
import { sameSitePath } from "@/lib/security/same-site-path";
import { SignInForm } from "./_components/sign-in-form";

export async function generateMetadata() {
  const t = await getTranslations("auth");
  return { title: t("submitSignIn") };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  // Already signed in: nothing to do here.
  if ((await publicPage("/sign-in")).ctx.actor) redirect("/");
  const t = await getTranslations("auth");
  const { callbackUrl } = await searchParams;
  const next = sameSitePath(callbackUrl);
  return (
    <div className="max-w-md mx-auto">
      <div className="card bg-base-100 border border-base-300">
        <div className="card-body p-5 md:p-8">
          <h1 className="text-2xl font-bold">{t("signInTitle")}</h1>
          <p className="text-base-content/70">{t("signInSubtitle")}</p>
          <SignInForm next={next} />
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
