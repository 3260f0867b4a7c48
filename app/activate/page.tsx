import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { publicPage } from "@/app/_lib/page";
import { ActivateForm } from "./_components/activate-form";

export async function generateMetadata() {
  const t = await getTranslations("auth.activate");
  return { title: t("title") };
}

/** Where an activation letter's QR code leads (/activate?code=…): the code is filled in, the rest is typed. */
export default async function ActivatePage({ searchParams }: { searchParams: Promise<{ code?: string | string[] }> }) {
  await publicPage("/activate");
  const t = await getTranslations("auth.activate");
  const { code } = await searchParams;
  // Only what could be a code is put back in the field: the link's text is the caller's.
  const given = typeof code === "string" && /^[0-9A-Za-z -]{1,20}$/.test(code) ? code : "";
  return (
    <div className="max-w-md mx-auto">
      <div className="card bg-base-100 border border-base-300">
        <div className="card-body p-5 md:p-8">
          <h1 className="text-2xl font-bold">{t("title")}</h1>
          <p className="text-base text-base-content/70">{t("subtitle")}</p>
          <ActivateForm code={given} />
          <p className="mt-4 text-base">{t("noLetter")}</p>
          <p className="mt-2 text-center text-base">
            {t("alreadyActive")}{" "}
            <Link href="/sign-in" className="link link-primary font-medium">
              {t("signInLink")}
            </Link>
          </p>
        </div>
      </div>
    </div>
  );
}
