import { NextResponse, type NextRequest } from "next/server";
import { ZodError } from "zod";
import { getDb } from "@/db/client";
import { imageResponse } from "@/lib/api/file-route";
import { signedInActorFor } from "@/lib/api/handler";
import { proxyScan } from "@/lib/ballots/proxy-scan";
import { AppError } from "@/lib/errors";

/** The scan of an authorization, for the ballot's staff; served as re-encoded on upload, with nosniff. */
export async function GET(req: NextRequest, { params }: { params: Promise<{ id: string; proxyId: string }> }) {
  const { id, proxyId } = await params;
  try {
    const scan = await proxyScan({ db: getDb(), actor: await signedInActorFor(req) }, { ballotId: id, proxyId });
    // Signatures and ID numbers: never kept in a cache.
    return imageResponse(scan, "private, no-store");
  } catch (e) {
    // An id that is no id (/ballots/abc/…) names no scan: 404 like any other, not a server error.
    if (e instanceof ZodError) return new NextResponse(null, { status: 404 });
    if (!(e instanceof AppError)) {
      console.error(e);
      return new NextResponse(null, { status: 500 });
    }
    return new NextResponse(null, { status: e.status === 422 ? 404 : e.status });
  }
}
