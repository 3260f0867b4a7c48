import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { cache } from "react";
import { publicPage } from "@/app/_lib/page";
import { getCosignCard, type CosignCard } from "@/lib/records/get-cosign-card";
import { POSTER_HEIGHT, POSTER_WIDTH } from "@/lib/records/poster";
import { cosignSharePath } from "@/lib/records/share-key";
import { publicUrl } from "@/lib/security/public-origin";
import { supporters } from "@/lib/topics/supporters";
import { Card } from "../../../_components/ui";

type Props = { params: Promise<{ topicId: string; key: string }> };

/**
 * The co-sign invitation as shared into a WeChat group: public for whoever holds the link (its key
 * is the permission, lib/records/share-key.ts), so a link preview and a neighbour not signed in
 * both see the title and how far co-signing has got — and nothing else of the topic.
 */
const load = cache(async (topicId: string, key: string): Promise<CosignCard> =>
  (await publicPage(`/cosign/${topicId}/${key}`)).read((ctx) => getCosignCard(ctx, { topicId, key })),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { topicId, key } = await params;
  const t = await getTranslations("records");
  try {
    const card = await load(topicId, key);
    const format = await getFormatter();
    const title = t("cosign.pageTitle", { title: card.title });
    const description = t("cosign.ogDescription", {
      community: card.community,
      grid: card.grid,
      count: supporters(card),
      threshold: card.cosignThreshold,
      date: format.dateTime(card.deadline, "date"),
    });
    // Absolute URLs on the configured public origin: a crawler's Host header decides nothing.
    const path = cosignSharePath(card.topicId);
    return {
      title,
      description,
      // The link is the permission (a capability URL): a search engine that finds it in a public
      // post must not keep the title and the grid where anyone can look them up.
      robots: { index: false, follow: false },
      openGraph: {
        type: "website",
        title,
        description,
        url: publicUrl(path),
        images: [{ url: publicUrl(`${path}/poster.png`), width: POSTER_WIDTH, height: POSTER_HEIGHT, alt: title }],
      },
    };
  } catch {
    return { title: t("notFound") };
  }
}

export default async function CosignInvitePage({ params }: Props) {
  const { topicId, key } = await params;
  const card = await load(topicId, key);
  const t = await getTranslations("records");
  const format = await getFormatter();
  const path = cosignSharePath(card.topicId);
  const deadline = format.dateTime(card.deadline, "dateTime");
  // The threshold counts the proposer with the co-signers, as the topic's page does (3 / 5 there, so 3 / 5 here).
  const backers = supporters(card);
  return (
    <article className="max-w-xl mx-auto w-full flex flex-col gap-4" data-testid="cosign-card">
      <Card>
        <p className="text-lg font-bold text-primary tracking-widest">{t("cosign.heading")}</p>
        <h1 className="text-2xl md:text-3xl font-bold leading-tight">{card.title}</h1>
        <p className="text-lg text-base-content/80">
          {card.community} · {card.grid}
        </p>
        <p className="text-2xl font-bold" data-testid="cosign-progress">
          {t("cosign.progress", { count: backers, threshold: card.cosignThreshold })}
        </p>
        <progress className="progress progress-primary w-full h-4" value={Math.min(backers, card.cosignThreshold)} max={Math.max(card.cosignThreshold, 1)} aria-label={t("cosign.progress", { count: backers, threshold: card.cosignThreshold })} />
        <p className="text-lg">{t("cosign.deadline", { date: deadline })}</p>
        <p className="text-base text-base-content/80">{t("cosign.explain")}</p>
        <Link href={`/topics/${card.topicId}`} className="btn btn-primary btn-lg min-h-12 text-lg">
          {t("cosign.cta")}
        </Link>
        {/* A plain link: the poster is an image anyone holding this page's link may save and forward. */}
        <a href={`${path}/poster.png`} className="btn btn-outline btn-lg min-h-12" download={`cosign-${card.topicId}.png`}>
          {t("cosign.poster")}
        </a>
      </Card>
    </article>
  );
}
