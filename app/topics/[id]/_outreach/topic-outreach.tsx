import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Refusal, signedInPage } from "@/app/_lib/page";
import { getTopicOutreach } from "@/lib/records/get-topic-outreach";

/**
 * Reaching residents outside the app, from the topic's page: the co-sign share card (and its poster)
 * while co-signing runs, the public record once the decision is posted, and for staff the A4
 * notice for the building's entrance. Leaves itself out when there is nothing to offer.
 */
export async function TopicOutreach({ topicId }: { topicId: number }) {
  const page = await signedInPage(`/topics/${topicId}`);
  const outreach = await page.attempt((ctx) => getTopicOutreach(ctx, { topicId }));
  if (outreach instanceof Refusal) return null;
  const { sharePath, recordPath, entranceNoticePath } = outreach;
  if (!sharePath && !recordPath && !entranceNoticePath) return null;
  const t = await getTranslations("records");
  return (
    <section className="card bg-base-100 border border-base-300 mt-4 no-print" aria-labelledby="outreach-title" data-testid="topic-outreach">
      <div className="card-body p-4 md:p-6 gap-3">
        {/* What the section is for, whatever it offers: "公告栏通知" headed a resident's share buttons too. */}
        <h2 id="outreach-title" className="card-title text-xl">
          {t("outreachTitle")}
        </h2>
        {sharePath && <p className="text-base">{t("cosign.shareHint")}</p>}
        <div className="flex flex-wrap gap-2">
          {sharePath && (
            <>
              <Link href={sharePath} className="btn btn-primary btn-lg min-h-12">
                {t("cosign.share")}
              </Link>
              <a href={`${sharePath}/poster.png`} className="btn btn-outline btn-lg min-h-12">
                {t("cosign.poster")}
              </a>
            </>
          )}
          {recordPath && (
            <Link href={recordPath} className="btn btn-outline btn-lg min-h-12">
              {t("title")}
            </Link>
          )}
          {entranceNoticePath && (
            <a href={entranceNoticePath} className="btn btn-outline btn-lg min-h-12" target="_blank" rel="noopener">
              {t("entrance.print")}
            </a>
          )}
        </div>
      </div>
    </section>
  );
}
