import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { ballotProxies } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { uploadsDir } from "@/lib/uploads/photos";
import { id } from "@/lib/validation/common";
import { loadManagedBallot } from "./access";

const proxyScanRef = z.object({ ballotId: id, proxyId: id });

/** The scan of a written authorization, for the staff who keep the ballot only: it bears signatures and ID numbers. */
export function proxyScan(ctx: Ctx, raw: unknown): { bytes: Uint8Array; mime: string } {
  const input = proxyScanRef.parse(raw);
  const { ballot } = loadManagedBallot(ctx.db, ctx.actor, input.ballotId);
  const proxy = ctx.db
    .select({ storedName: ballotProxies.scanStoredName, mime: ballotProxies.scanMime })
    .from(ballotProxies)
    .where(and(eq(ballotProxies.id, input.proxyId), eq(ballotProxies.ballotId, ballot.id)))
    .get();
  if (!proxy) throw notFound("proxyNotFound");
  const file = path.join(uploadsDir(), path.basename(proxy.storedName));
  if (!fs.existsSync(file)) throw notFound("proxyNotFound");
  return { bytes: new Uint8Array(fs.readFileSync(file)), mime: proxy.mime };
}
