import { config, type TrustedProxies } from "@/lib/config";
import { normalizeAddress, parseTrustedProxies } from "./trusted-proxies.mjs";

type HeaderSource = Headers | Record<string, unknown> | undefined;

/**
 * The header scripts/server.mjs puts on every request: the address of the socket's peer. The
 * server deletes whatever a client sent under this name before setting it, and marks the process
 * (SERVED_WITH_PEER below) so the app believes the header only behind that server. Under a bare
 * `next start` or `next dev` nobody sets it, so nothing a client sends in it is believed.
 */
export const PEER_HEADER = "x-gridcouncil-peer";
export const SERVED_WITH_PEER = Symbol.for("gridcouncil.servedWithPeerHeader");

let trusted: { text: string; list: TrustedProxies } | null = null;

/** The configured trusted proxies (GRIDCOUNCIL_TRUSTED_PROXIES, parsed by lib/config), or those `text` lists. */
export function trustedProxies(text?: string): TrustedProxies {
  if (text === undefined) return config().trustedProxies;
  if (trusted?.text !== text) trusted = { text, list: parseTrustedProxies(text) };
  return trusted.list;
}

/**
 * Who the client is, pure. The socket's peer is the client unless it is a trusted proxy; then the
 * X-Forwarded-For chain is read from the right (each proxy appends the address it saw), skipping
 * trusted proxies, and the first address that is not one is the client. Entries left of it were
 * written by the client itself and are never believed.
 *
 * A loopback address that is not a trusted proxy is no client's own: it is a reverse proxy on the
 * same machine that nobody configured (or a local test), and counting it would throttle everyone
 * at once — so it counts as unknown (null), like an address that cannot be read.
 */
export function resolveClientAddress({
  peer,
  forwardedFor,
  isTrusted,
}: {
  peer: string | null | undefined;
  forwardedFor: string | null | undefined;
  isTrusted: (address: string | null) => boolean;
}): string | null {
  let client = normalizeAddress(peer);
  if (client && isTrusted(client) && forwardedFor) {
    const chain = forwardedFor.split(",").map((s) => s.trim()).filter(Boolean);
    // Only the entries our own proxies appended count; a chain longer than any real one is a client's padding.
    for (let i = chain.length - 1, hops = 0; i >= 0 && hops < 20; i--, hops++) {
      const entry = normalizeAddress(chain[i]);
      // An entry that is not an address is where believable information ends.
      if (!entry) return null;
      client = entry;
      if (!isTrusted(entry)) break;
    }
  }
  return client && !isLoopback(client) ? client : null;
}

function header(headers: HeaderSource, name: string): string | null {
  const raw = headers instanceof Headers ? headers.get(name) : headers?.[name];
  return Array.isArray(raw) ? raw.join(",") : typeof raw === "string" ? raw : null;
}

/**
 * The client's address for throttling (sign-in, registration), from the request headers of a
 * route handler, a server action (`headers()`) or next-auth's authorize. Null when it cannot be
 * told: not served by scripts/server.mjs, or a loopback peer.
 *
 * An IPv6 client is its /64 ("2001:db8:1:2::/64"): one home or phone is given a whole /64 and may
 * use any address in it, so counting single addresses would give one guesser 2^64 fresh
 * allowances for the pair and address limits.
 */
export function clientAddress(headers: HeaderSource): string | null {
  if (!(globalThis as Record<symbol, unknown>)[SERVED_WITH_PEER]) return null;
  const address = resolveClientAddress({ peer: header(headers, PEER_HEADER), forwardedFor: header(headers, "x-forwarded-for"), isTrusted: trustedProxies().isTrusted });
  return address?.includes(":") ? ipv6Prefix64(address) : address;
}

/** The /64 network of an IPv6 address as normalizeAddress writes it ("2001:db8::5" → "2001:db8:0:0::/64"). */
function ipv6Prefix64(address: string): string {
  const [head, tail] = address.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  // A dotted IPv4 tail ("::ffff:1.2.3.4" style) stands for two groups.
  const width = (g: string[]) => g.reduce((n, x) => n + (x.includes(".") ? 2 : 1), 0);
  const [left, right] = [groups(head), groups(tail)];
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - width(left) - width(right)).fill("0"), ...right];
  return `${all.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

function isLoopback(address: string): boolean {
  return address.startsWith("127.") || address === "::1";
}
