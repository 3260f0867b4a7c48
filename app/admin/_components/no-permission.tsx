import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageTitle } from "@/app/_components/ui";

export async function NoPermission() {
  const t = await getTranslations("admin");
  return (
    <div>
      <PageTitle title={t("noPermission.title")} />
      <div role="alert" className="alert alert-warning text-base">
        {t("noPermission.body")}
      </div>
      <Link href="/" className="btn btn-outline btn-lg mt-4">
        {t("noPermission.home")}
      </Link>
    </div>
  );
}
