import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { publicPage } from "@/app/_lib/page";
import { listGridsPublic } from "@/lib/places/public-directory";
import { RegisterForm } from "./_components/register-form";

export async function generateMetadata() {
  const t = await getTranslations("auth");
  return { title: t("registerTitle") };
}

export default async function RegisterPage() {
  const t = await getTranslations("auth");
  const page = await publicPage("/register");
  const grids = (await page.read(({ db }) => listGridsPublic(db))).map((g) => ({ id: g.id, label: `${g.communityName} · ${g.name}` }));
  return (
    <div className="max-w-xl mx-auto">
      <div className="card bg-base-100 border border-base-300">
        <div className="card-body p-5 md:p-8">
          <h1 className="text-2xl font-bold">{t("registerTitle")}</h1>
          <p className="text-base-content/70">{t("registerSubtitle")}</p>
          <RegisterForm grids={grids} />
          <p className="mt-4 text-center">
            {t("haveAccount")}{" "}
            <Link href="/sign-in" className="link link-primary font-medium">
              {t("signInLink")}
            </Link>
          </p>
        </div>
      </div>
    </div>
  );
}
