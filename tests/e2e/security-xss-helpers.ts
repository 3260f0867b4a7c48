import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { api, apiToken, newPhone, signIn } from "./browser";

/**
 * XSS payloads and the in-browser check that they stayed inert. Every payload that could run sets
 * `window.__xss` (never an alert, so a dialog is a second, independent signal); the check also looks
 * for any element or attribute a payload could have created, so it holds with or without a CSP.
 */
export const P = {
  script: `<script>window.__xss=1</script>`,
  img: `<img src=x onerror="window.__xss=2">`,
  svg: `<svg onload="window.__xss=3">`,
  iframe: `"><iframe src="javascript:window.__xss=4">`,
  jsUrl: `javascript:window.__xss=5`,
  anchor: `<a href="javascript:window.__xss=6">x</a>`,
  locator: `'';!--"<XSS>=&{()}`,
  style: `<style>body{display:none}</style>`,
  template: `{{constructor.constructor('window.__xss=7')()}}`,
  attr: `" onmouseover="window.__xss=8`,
  entity: `&#x3C;script&#x3E;window.__xss=9&#x3C;/script&#x3E;`,
  decimal: `&#60;img src=x onerror=window.__xss=10&#62;`,
  fullwidth: `＜script＞window.__xss=11＜/script＞`,
  percent: `%3Cscript%3Ewindow.__xss=12%3C/script%3E`,
  nested: `<scr<script>ipt>window.__xss=13</script>`,
  closeTitle: `</title><script>window.__xss=14</script>`,
  closeTextarea: `</textarea><img src=x onerror=window.__xss=15>`,
  jsonBreak: `</script><script>window.__xss=16</script>`,
} as const;
export const ALL = Object.values(P);

/** Short ones for fields of at most 30 characters (names, witness). */
export const SHORT = [`<svg onload="window.__xss=3">`, `'';!--"<XSS>=&{()}`, `&#x3C;script&#x3E;`, `<img src=x onerror=__xss=2>`, `" onmouseover="__xss=8`, `{{constructor.constructor}}`];

/**
 * As many payloads as fit in `max` characters, starting at `offset` in the list, so that fields of
 * different sizes together carry every payload. `tag` is a unique prefix to find the text again.
 */
export function fit(max: number, offset: number, tag: string): string {
  let out = tag;
  for (let i = 0; i < ALL.length; i++) {
    const p = ALL[(offset + i) % ALL.length]!;
    if (out.length + 1 + p.length > max) continue;
    out += ` ${p}`;
  }
  return out;
}

type Doc = { type: "doc"; content: unknown[] };

/**
 * A tiptap document the schema accepts but that tries everything it can: raw HTML in text nodes,
 * event-handler and style attributes on nodes and marks, a link whose href breaks out of its quotes,
 * a heading level that is markup.
 */
export function craftedDoc(tag: string): Doc {
  const text = (t: string, marks?: unknown[]) => ({ type: "text", text: t, ...(marks ? { marks } : {}) });
  return {
    type: "doc",
    content: [
      { type: "paragraph", attrs: { onclick: "window.__xss=20", style: "position:fixed;inset:0", class: "x" }, content: [text(`${tag} ${P.script} ${P.img} ${P.style} ${P.entity}`)] },
      { type: "heading", attrs: { level: `1 onmouseover="window.__xss=21"`, onload: "window.__xss=21" }, content: [text(`${P.svg} ${P.template}`)] },
      {
        type: "paragraph",
        content: [
          text("quote-breaking link", [{ type: "link", attrs: { href: `https://example.com/" onmouseover="window.__xss=22`, onclick: "window.__xss=23", target: "javascript:window.__xss=24" } }]),
          { type: "hardBreak", attrs: { onmouseover: "window.__xss=25" } },
          text("slash link", [{ type: "link", attrs: { href: "/\njavascript:window.__xss=26" } }, { type: "bold", attrs: { onclick: "window.__xss=27" } }]),
        ],
      },
      { type: "blockquote", attrs: { cite: "javascript:window.__xss=28" }, content: [{ type: "paragraph", content: [text(`${P.iframe} ${P.anchor}`, [{ type: "italic" }])] }] },
      { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [text(`${P.locator} ${P.attr} ${P.nested}`)] }] }] },
      { type: "horizontalRule", attrs: { onmouseover: "window.__xss=29" } },
    ],
  };
}
/** The texts of craftedDoc that must show literally. */
export const craftedLiterals = (tag: string) => [`${tag} ${P.script} ${P.img} ${P.style} ${P.entity}`, `${P.svg} ${P.template}`, `${P.iframe} ${P.anchor}`, `${P.locator} ${P.attr} ${P.nested}`];

/** Documents the schema must refuse outright: unknown nodes and marks, script-bearing links. */
export const refusedDocs: [string, Doc][] = [
  ["unknown node script", { type: "doc", content: [{ type: "script", text: "window.__xss=30" }] }],
  ["unknown node image with onerror", { type: "doc", content: [{ type: "image", attrs: { src: "x", onerror: "window.__xss=31" } }] }],
  ["unknown node iframe", { type: "doc", content: [{ type: "iframe", attrs: { src: "javascript:window.__xss=32" } }] }],
  ["code block (disabled)", { type: "doc", content: [{ type: "codeBlock", content: [{ type: "text", text: "x" }] }] }],
  ...["javascript:window.__xss=33", "JaVaScRiPt:window.__xss=33", " javascript:window.__xss=33", "java\tscript:window.__xss=33", "vbscript:msgbox(1)", "data:text/html,<script>window.__xss=33</script>", "&#106;avascript:window.__xss=33"].map(
    (href): [string, Doc] => [`link href ${JSON.stringify(href)}`, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "click me please", marks: [{ type: "link", attrs: { href } }] }] }] }],
  ),
  ["unknown mark with style", { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "styled text here", marks: [{ type: "textStyle", attrs: { style: "background:url(javascript:window.__xss=34)" } }] }] }] }],
  ["attribute that is an object", { type: "doc", content: [{ type: "paragraph", attrs: { dangerouslySetInnerHTML: { __html: P.img } }, content: [{ type: "text", text: "0123456789 text" }] }] }],
];

// ---------------------------------------------------------------- API

const tokens = new Map<string, string>();
export async function token(phone: string, password = "demo1234") {
  const key = `${phone}:${password}`;
  if (!tokens.has(key)) tokens.set(key, await apiToken(phone, password));
  return tokens.get(key)!;
}

/** An API call that must answer `status`; returns its JSON. */
export async function call<T = Record<string, unknown>>(phone: string | null, path: string, body?: unknown, status?: number, method?: string): Promise<T> {
  const res = await api(path, { method: method ?? (body === undefined ? "GET" : "POST"), token: phone ? await token(phone) : undefined, body });
  const want = status ?? (body === undefined ? 200 : res.status === 201 ? 201 : 200);
  expect(res.status, `${method ?? (body === undefined ? "GET" : "POST")} ${path}: ${JSON.stringify(res.json).slice(0, 400)}`).toBe(want);
  return res.json as T;
}

// ---------------------------------------------------------------- browser

export type Viewer = { context: BrowserContext; page: Page; dialogs: string[] };

/** A signed-in (or anonymous) phone-sized browser that records any dialog and any CSP report. */
export async function viewer(browser: Browser, phone: string | null): Promise<Viewer> {
  const { context, page } = await newPhone(browser);
  const dialogs: string[] = [];
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  context.on("page", (p) => p.on("dialog", (d) => void (dialogs.push(`${d.type()}: ${d.message()}`), d.dismiss())));
  page.on("dialog", (d) => void (dialogs.push(`${d.type()}: ${d.message()}`), d.dismiss()));
  if (phone) await signIn(page, phone);
  return { context, page, dialogs };
}

type Findings = { xss: unknown; found: string[]; missing: string[]; bodyHidden: boolean; csp: string[] };

/**
 * Everything a payload could have created, checked in the live DOM after every handler had its
 * chance: images have failed to load, each element got a mouseover, then `window.__xss` is read.
 */
export async function findings(page: Page, literals: string[]): Promise<Findings> {
  await page.waitForLoadState("load");
  return page.evaluate(async (literals) => {
    const all = Array.from(document.querySelectorAll("*"));
    for (const el of all) {
      el.dispatchEvent(new MouseEvent("mouseover", { bubbles: false }));
      el.dispatchEvent(new FocusEvent("focus", { bubbles: false }));
    }
    await new Promise((r) => setTimeout(r, 150));
    const found: string[] = [];
    const origin = location.origin;
    for (const el of Array.from(document.querySelectorAll("*"))) {
      const tag = el.tagName.toLowerCase();
      for (const a of Array.from(el.attributes)) {
        const name = a.name.toLowerCase();
        // Event-handler attributes: React never renders them, so any one came from markup.
        if (name.startsWith("on")) found.push(`<${tag} ${name}="${a.value.slice(0, 60)}">`);
        const v = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        const urlAttr = ["href", "src", "action", "formaction", "xlink:href", "data", "cite", "poster", "background", "srcdoc", "srcset"].includes(name);
        // React's own placeholder on server-action forms until hydration: it only throws.
        const reactPlaceholder = a.value.startsWith("javascript:throw new Error('A React form was unexpectedly submitted.");
        if (((urlAttr && /^(javascript|vbscript|data:text\/html)/.test(v)) || (name === "style" && v.includes("javascript:"))) && !reactPlaceholder) found.push(`<${tag} ${name}="${a.value.slice(0, 60)}">`);
      }
      if (["iframe", "frame", "object", "embed", "xss", "base", "applet", "portal"].includes(tag)) found.push(`<${tag}>`);
      if (tag === "meta" && el.getAttribute("http-equiv")?.toLowerCase() === "refresh") found.push("<meta http-equiv=refresh>");
      if (tag === "img" && el.getAttribute("src") === "x") found.push(`<img src=x>`);
      if (tag === "script") {
        const src = el.getAttribute("src");
        const text = el.textContent ?? "";
        if (src && !(new URL(src, origin).origin === origin && new URL(src, origin).pathname.startsWith("/_next/"))) found.push(`<script src=${src}>`);
        // Next's own inline scripts carry the page data (self.__next_f), payload text included, as JSON.
        if (!src && text.includes("__xss") && !/^\s*\(?self\.__next_f/.test(text)) found.push(`<script>${text.slice(0, 80)}`);
      }
      if (tag === "style" && /body\s*\{\s*display\s*:\s*none/i.test(el.textContent ?? "")) found.push("<style>body{display:none}");
      if (tag === "svg" && (el.textContent ?? "").includes("__xss")) found.push("<svg> with payload");
    }
    const text = document.body.textContent ?? "";
    // For a missing text, what the page shows after its first word, to see how it differs.
    const missing = literals.filter((l) => !text.includes(l)).map((l) => `${l}\n  page shows: ${text.includes(l.split(" ")[0]!) ? text.slice(text.indexOf(l.split(" ")[0]!), text.indexOf(l.split(" ")[0]!) + l.length + 40) : `(not there; the page reads: ${(document.querySelector("main")?.textContent ?? text).slice(0, 300)})`}`);
    const w = window as unknown as { __xss?: unknown; __csp?: string[] };
    return { xss: w.__xss, found, missing, bodyHidden: getComputedStyle(document.body).display === "none", csp: w.__csp ?? [] };
  }, literals);
}

/** Opens `path` (unless already there) and asserts every payload on it is inert and shown as text. */
export async function expectInert(v: Viewer, path: string | null, literals: string[] = [], opts: { ready?: (page: Page) => Promise<unknown>; status?: number[] } = {}) {
  const { page, dialogs } = v;
  const started = Date.now();
  if (path !== null) {
    const res = await page.goto(path);
    const status = res?.status() ?? 0;
    expect(status < 400 || (opts.status ?? []).includes(status), `${path} answered ${status}`).toBe(true);
  }
  if (opts.ready) await opts.ready(page);
  const where = path ?? page.url();
  const f = await findings(page, literals);
  expect(f.xss, `window.__xss was set on ${where}`).toBeUndefined();
  expect(f.found, `elements made by a payload on ${where}`).toEqual([]);
  expect(dialogs, `dialogs on ${where}`).toEqual([]);
  expect(f.bodyHidden, `body hidden by injected style on ${where}`).toBe(false);
  expect(f.csp.filter((c) => /xss/i.test(c)), `CSP reports of a blocked payload on ${where}`).toEqual([]);
  if (process.env.XSS_TIMING) console.log(`${Date.now() - started}ms ${where}`);
  expect(f.missing, `payload text not shown literally on ${where}: ${JSON.stringify(f.missing)}`).toEqual([]);
}
