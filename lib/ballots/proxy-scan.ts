import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ballotProxies } from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { readStoredPhoto } from "@/lib/uploads/serve";
import { id } from "@/lib/validation/common";
import { loadManagedBallot } from "./access";
import { first } from "@/db/query";

const proxyScanRef = z.object({ ballotId: id, proxyId: id });

/**
 * The scan of a written authorization, for the staff who keep the ballot only: it bears signatures
 * and ID numbers. Scans are stored like photos (storePhotos: re-encoded without EXIF/GPS, so a
 * phone's photo of the paper does not give away where it was signed); only images are accepted,
 * not PDFs, which can carry scripts, attachments and metadata that nothing here could strip.
 */
export async function proxyScan(ctx: ActorCtx, raw: unknown): Promise<{ bytes: Uint8Array<ArrayBuffer>; mime: string }> {
  const input = proxyScanRef.parse(raw);
  const { ballot } = await loadManagedBallot(ctx.db, ctx.actor, input.ballotId);
  const proxy = await first(ctx.db
    .select({ storedName: ballotProxies.scanStoredName, mime: ballotProxies.scanMime })
    .from(ballotProxies)
    .where(and(eq(ballotProxies.id, input.proxyId), eq(ballotProxies.ballotId, ballot.id))));
  if (!proxy) throw notFound("proxyNotFound");
  const scan = await readStoredPhoto(proxy.storedName, proxy.mime, "full");
  if (!scan) throw notFound("proxyNotFound");
  return scan;
}
