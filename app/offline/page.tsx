import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Alert, PageTitle } from "@/app/_components/ui";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("offline.page");
  return { title: t("title") };
}

/**
 * What the service worker (public/sw.js) shows offline for a page it has not saved. It stores this
 * page signed out, so it names nobody; it says what can be read offline and what never happens.
 */
export default async function OfflinePage() {
  const t = await getTranslations("offline.page");
  return (
    <div className="max-w-3xl flex flex-col gap-4" data-testid="offline-page">
      <PageTitle title={t("heading")} />
      <Alert tone="warning" role="status">
        <span className="text-lg">{t("lead")}</span>
      </Alert>
      <p className="text-lg">{t("saved")}</p>
      <p className="text-lg font-semibold">{t("never")}</p>
      <div className="flex flex-col sm:flex-row gap-3">
        {/* An empty href reloads the address the person asked for, not /offline. */}
        <a href="" className="btn btn-primary btn-lg">
          {t("retry")}
        </a>
        <Link href="/" className="btn btn-outline btn-lg">
          {t("home")}
        </Link>
      </div>
    </div>
  );
}
