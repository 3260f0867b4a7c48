/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce (Next.js
 * puts it on its own scripts) or when loaded by such a script ('strict-dynamic'), so markup that
 * slipped into a page could not run script even if escaping failed somewhere. Styles allow inline
 * attributes: charts and the editor position things with style="…", which cannot run code.
 * No page may be framed (clickjacking), and forms post only to this site.
 */
export function pageContentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlay; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // QR codes and photo previews are data: and blob: images.
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self'",
    // The service worker (public/sw.js) and the app manifest, named outright: worker-src would
    // otherwise fall back to script-src, where 'strict-dynamic' ignores 'self'.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** API answers and uploaded files are data, never documents: nothing may load or frame them. */
export const dataContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

/** A fresh unguessable nonce per response (128 bits). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
