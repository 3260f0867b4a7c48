const probe = "http://gridcouncil.invalid";

/**
 * A path on this site to go to after signing in, or "/". The raw value is resolved the way a
 * browser would resolve it, so "//evil.example", "/\\evil.example" and "https://evil.example" —
 * which all leave the site — fall back to "/": an open redirect after sign-in helps phishing.
 */
export function sameSitePath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/")) return "/";
  try {
    const url = new URL(raw, probe);
    return url.origin === probe ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
