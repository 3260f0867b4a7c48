import "server-only";
import { createHmac } from "node:crypto";
import { getTranslations } from "next-intl/server";
import { currentActor, currentSessionId } from "@/lib/auth/session";
import { authSecret } from "@/lib/auth/secret";
import { OfflineClient } from "./offline-client";

/**
 * Names this page's viewer for the service worker (public/sw.js) and mounts its client part. The
 * key is a keyed hash of the session, so it tells no one who the person is nor lets anyone rebuild
 * the session; empty when signed out. The worker stores a page only under the key the page itself
 * carries and deletes every other key's pages when the key changes, so after a sign-out, or on a
 * phone another person signs into, nobody reads the previous person's ballots offline.
 */
export async function OfflineSupport() {
  const t = await getTranslations("offline");
  const actor = await currentActor();
  const sid = actor ? await currentSessionId() : null;
  const viewer = sid ? createHmac("sha256", authSecret()).update(`offline-cache:${sid}`).digest("hex").slice(0, 32) : "";
  return (
    <>
      <meta name="gc-viewer" content={viewer} />
      <OfflineClient viewer={viewer} words={{ banner: t("banner"), detail: t("bannerDetail"), submitBlocked: t("submitBlocked") }} />
    </>
  );
}
