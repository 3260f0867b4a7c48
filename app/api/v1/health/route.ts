import { NextResponse } from "next/server";

/**
 * Liveness: the server is up and answering. Deliberately touches no database, so `npm run bench`
 * also uses it as the framework's floor — the cost of an empty route handler in this build.
 */
export function GET() {
  return NextResponse.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
