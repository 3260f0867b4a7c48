import "server-only";
import { headers } from "next/headers";

/**
 * The public origin for links that leave the screen (the check-in QR code is scanned by phones):
 * NEXTAUTH_URL when the app runs behind a proxy that says so, else the request's own host.
 */
export async function requestOrigin(): Promise<string> {
  const configured = process.env.NEXTAUTH_URL?.trim();
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto === "https" ? "https" : "http"}://${host}`;
}
