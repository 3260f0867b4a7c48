/**
 * Elder mode (长辈模式): larger type, more room, fewer extras. A reader's preference like the
 * language, kept in a cookie the root layout reads on the server, so the very first paint is
 * already large (no flash of small text) and it holds on every page and after a restart.
 */
export const elderCookie = "gc_elder";
export const elderCookieMaxAge = 365 * 86_400;

export function isElderMode(cookieValue: string | undefined): boolean {
  return cookieValue === "1";
}
