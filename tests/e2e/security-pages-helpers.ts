import fs from "node:fs";
import path from "node:path";
import { messages } from "@/lib/i18n/messages";

/**
 * Page requests over plain HTTP for the page-access matrix (security-pages.test.ts): which page
 * routes exist, a GET as a given caller, and what the answer amounts to — a redirect to sign-in,
 * a 404, or a rendered page whose text can be searched.
 */

const root = path.resolve(__dirname, "../..");

// ── Which pages exist

/** "app/topics/[id]/plans/new/page.tsx" → "/topics/[id]/plans/new"; route groups "(x)" drop out. */
export function routeOf(file: string): string {
  const rel = file.replace(/\\/g, "/").replace(/^app\//, "").replace(/(^|\/)page\.tsx$/, "");
  const parts = rel.split("/").filter((p) => p && !/^\(.*\)$/.test(p));
  return `/${parts.join("/")}`;
}

/** Every `app/**\/page.tsx` of the source, as route patterns. */
export function sourcePageRoutes(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (e.name === "page.tsx") out.push(routeOf(rel));
    }
  };
  walk("app");
  return out.sort();
}

/** Every page route of the production build (its app-path-routes manifest), Next's own error pages aside. */
export function buildPageRoutes(distDir: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, distDir, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
  return Object.keys(manifest)
    .filter((k) => k.endsWith("/page") && !k.startsWith("/_"))
    .map((k) => k.slice(0, -"/page".length) || "/")
    .sort();
}

// ── Messages

type Tree = { [k: string]: string | Tree };
const zh = messages["zh-CN"] as unknown as Tree;

/**
 * The Chinese text of a message key ("admin.noPermission.body"), as the page renders it. Only
 * messages without parameters: a filled-in one could not be searched for as it is.
 */
export function msg(key: string): string {
  let node: string | Tree | undefined = zh;
  for (const part of key.split(".")) node = typeof node === "object" ? node[part] : undefined;
  if (typeof node !== "string") throw new Error(`no message ${key}`);
  if (/[{}]/.test(node)) throw new Error(`message ${key} has parameters: ${node}`);
  return node;
}

// ── Fetching a page

export type PageAnswer = {
  status: number;
  /** Where a redirect leads (path and query), or null. */
  location: string | null;
  /** The whole answer, RSC payload included (what a reader could dig out), entities decoded. */
  text: string;
  /** The rendered HTML without scripts: what the page shows. */
  shown: string;
};

/**
 * Every message text of the app. The layout hands all messages to the client provider, so each
 * appears in every page's RSC payload: a message is looked for in what the page shows, data (a
 * title, a phone number, a code) in the whole answer.
 */
export const messageTexts: ReadonlySet<string> = (() => {
  const out = new Set<string>();
  const walk = (n: string | Tree) => (typeof n === "string" ? out.add(n) : Object.values(n).forEach(walk));
  walk(zh);
  return out;
})();

/** Whether `s` is in the answer: a message text in what is shown, anything else anywhere in it. */
export function contains(a: PageAnswer, s: string): boolean {
  return (messageTexts.has(s) ? a.shown : a.text).includes(s);
}

const entities: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'", "&nbsp;": " " };

/** Decodes the few entities React writes and drops the `<!-- -->` between adjacent text parts. */
export function searchable(html: string): string {
  return html.replace(/<!-- -->/g, "").replace(/&(amp|lt|gt|quot|#x27|#39|nbsp);/g, (e) => entities[e] ?? e);
}

/** A GET as a browser would send it, Chinese first, without following redirects. */
export async function getPage(baseURL: string, url: string, cookie: string | undefined): Promise<PageAnswer> {
  const res = await fetch(`${baseURL}${url}`, {
    redirect: "manual",
    headers: { accept: "text/html", "accept-language": "zh-CN,zh;q=0.9", ...(cookie ? { cookie } : {}) },
  });
  const raw = await res.text();
  const loc = res.headers.get("location");
  const text = searchable(raw);
  return { status: res.status, location: loc ? loc.replace(/^https?:\/\/[^/]+/, "") : null, text, shown: text.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "") };
}

/** Runs the jobs with at most `limit` at a time; results in the jobs' order. */
export async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return out;
}
