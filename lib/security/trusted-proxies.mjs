// Which reverse proxies may tell us the client's address (GRIDCOUNCIL_TRUSTED_PROXIES). Plain
// JavaScript on purpose: scripts/server.mjs validates the setting at start with this same code,
// the app (lib/security/client-address.ts) uses it per request, and lib/config.ts checks it with the
// rest of the configuration.
import net from "node:net";

/** An address as the socket or a proxy wrote it: IPv4-mapped IPv6 as plain IPv4, a port dropped. */
export function normalizeAddress(raw) {
  if (typeof raw !== "string") return null;
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(a);
  if (mapped) a = mapped[1];
  return net.isIP(a) ? a.toLowerCase() : null;
}

/**
 * Parses the comma-separated list of IP addresses and CIDR ranges. An empty or missing setting
 * trusts nobody. Anything that is not an address or range is an error naming the entry: a typo
 * must stop the start, not silently trust or distrust a proxy.
 */
export function parseTrustedProxies(text) {
  const list = new net.BlockList();
  const entries = (text ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    const [ip, prefix, extra] = entry.split("/");
    const address = normalizeAddress(ip);
    const family = address ? net.isIP(address) : 0;
    const bits = family === 4 ? 32 : 128;
    if (!address || extra !== undefined || (prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits))) {
      throw new Error(`GRIDCOUNCIL_TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range (e.g. 10.0.0.5, 10.0.0.0/8, fd00::/8)`);
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return { entries, isTrusted: (address) => !!address && list.check(address, net.isIP(address) === 4 ? "ipv4" : "ipv6") };
}
