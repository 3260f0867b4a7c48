import { createTranslator } from "next-intl";
import { getDb } from "@/db/client";
import { fileRoute } from "@/lib/api/file-route";
import { messages } from "@/lib/i18n/messages";
import { getCosignCard } from "@/lib/records/get-cosign-card";
import { renderPoster } from "@/lib/records/poster";
import { cosignSharePath } from "@/lib/records/share-key";
import { publicUrl } from "@/lib/security/public-origin";
import { supporters } from "@/lib/topics/supporters";

export const dynamic = "force-dynamic";

/**
 * GET /cosign/{topicId}/{key}/poster.png — the co-sign invitation as a poster for a WeChat group:
 * for whoever holds the share link, signed in or not (the key is the permission; see
 * lib/records/share-key.ts). A wrong key, or a topic no longer collecting co-signatures, is a 404.
 * Cached for five minutes: the progress on it may lag that much behind.
 */
export const GET = fileRoute<{ topicId: string; key: string }>(async ({ params, locale }) => {
  const card = await getCosignCard({ db: getDb() }, { topicId: params.topicId, key: params.key });
  const t = createTranslator({ locale, messages: messages[locale], namespace: "records" });
  // The proposer counts towards the threshold with the co-signers, as on the topic's page.
  const backers = supporters(card);
  const day = new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(card.deadline);
  const png = await renderPoster({
    text: {
      invite: t("poster.invite"),
      place: `${card.community} · ${card.grid}`,
      title: card.title,
      progress: t("poster.progress", { count: backers, threshold: card.cosignThreshold }),
      deadline: t("poster.deadline", { date: day }),
      scan: t("poster.scan"),
      brand: t("poster.brand"),
    },
    count: backers,
    threshold: card.cosignThreshold,
    // The QR code leaves the screen: the configured public origin, never the request's Host.
    url: publicUrl(cosignSharePath(card.topicId)),
  });
  return new Response(png, {
    headers: {
      "content-type": "image/png",
      "cache-control": "public, max-age=300",
      // Shared by its link only: not for an image search to keep (the page says the same in its meta).
      "x-robots-tag": "noindex",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    },
  });
});
