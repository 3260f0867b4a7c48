import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Database from "better-sqlite3";
import zhErrors from "@/lib/i18n/messages/zh-CN/errors.json";

/**
 * Server actions over plain HTTP, as anyone with curl could send them: no browser, no page, no
 * form — only the action's id, the arguments, and (maybe) a session cookie. The policy matrix in
 * security-actions.test.ts is built on these helpers.
 */

const root = path.resolve(__dirname, "../..");
const require_ = createRequire(path.join(root, "package.json"));

// React's own reply encoder, the one the browser runs when a form or a bound action is called: so
// a request here is byte for byte what the app's client would send, not a guess at the format.
const flightClient = require_("next/dist/compiled/react-server-dom-webpack/client.edge") as {
  encodeReply: (value: unknown[]) => Promise<string | FormData>;
};

// ── Which actions exist

export type ActionRef = { id: string; file: string; name: string; /** A page the action's form is on, e.g. /topics/1. */ page: string };

/**
 * Every server action of the build, from `<distDir>/server/server-reference-manifest.json`. Next
 * records each action's file and exported name there; an inline `"use server"` function (the
 * locale switch) is named `$$RSC_SERVER_ACTION_<n>`, n counting the inline actions of its file in
 * source order, and is given its source name here (see `sourceActions`).
 */
export function buildActions(distDir: string): ActionRef[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, distDir, "server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename?: string; exportedName?: string; workers?: Record<string, unknown> }>;
  };
  const inline = new Map(sourceActions().filter((a) => a.inline).map((a) => [`${a.file}#$$RSC_SERVER_ACTION_${a.index}`, a.name]));
  return Object.entries(manifest.node).map(([id, v]) => {
    const file = v.filename ?? "?";
    const exported = v.exportedName ?? "?";
    return { id, file, name: inline.get(`${file}#${exported}`) ?? exported, page: pageOf(Object.keys(v.workers ?? {})) };
  });
}

/**
 * The URL of one of the pages whose bundle holds the action ("app/topics/[id]/page" → /topics/1),
 * a static one when there is one. Next runs the action whatever the path; but the response is that
 * page's, and a cookie the action sets for a narrower path (the admin's community, Path=/admin) is
 * only sent back on a page under it — so calls go where the browser would send them.
 */
function pageOf(workers: string[]): string {
  const pages = workers.filter((k) => /^app\/(.*\/)?page$/.test(k) && !k.includes("_not-found")).map((k) => `/${k.slice(4, -5)}`.replace(/\/$/, "") || "/");
  const pick = pages.find((p) => !p.includes("[")) ?? pages[0] ?? "/";
  return pick.replace(/\[[^\]]+\]/g, "1").replace(/\/\([^)]+\)/g, "") || "/";
}

/**
 * Every server action in the source: the async exports of files that start with "use server", and
 * async functions whose body starts with "use server" (inline actions) anywhere under app/.
 */
export function sourceActions(): { file: string; name: string; inline: boolean; index: number }[] {
  const out: { file: string; name: string; inline: boolean; index: number }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(ts|tsx)$/.test(e.name)) {
        const src = fs.readFileSync(path.join(root, rel), "utf8");
        if (!src.includes("use server")) continue;
        if (/^\s*["']use server["']/.test(src)) {
          for (const m of src.matchAll(/export\s+async\s+function\s+(\w+)/g)) out.push({ file: rel, name: m[1]!, inline: false, index: 0 });
          for (const m of src.matchAll(/export\s+const\s+(\w+)\s*=\s*async/g)) out.push({ file: rel, name: m[1]!, inline: false, index: 0 });
        } else {
          let index = 0;
          for (const m of src.matchAll(/async\s+function\s+(\w+)\s*\([^)]*\)[^{]*\{\s*["']use server["']/g)) out.push({ file: rel, name: m[1]!, inline: true, index: index++ });
        }
      }
    }
  };
  walk("app");
  return out;
}

// ── Sessions

// ── Calling an action

export type ActionResponse = {
  status: number;
  /** What the action returned (runUseCase's `{ ok, data | message }`), or undefined for void actions and redirects. */
  result: unknown;
  /** The target of redirect() inside the action (header `x-action-redirect`, without its ";push" mode). */
  redirect: string | null;
  /** Cookies the action set, name=value. */
  setCookies: string[];
  /** Next could not find the action (a wrong id): never a refusal by the app. */
  actionNotFound: boolean;
  raw: string;
};

/**
 * POSTs an action call: header `Next-Action: <id>`, the arguments encoded by React's encodeReply
 * (FormData arguments become multipart fields, everything else JSON), to a page path. Next finds
 * the action by its id alone; the path decides which page is rendered after it (see pageOf).
 */
export async function callAction(baseURL: string, id: string, args: unknown[], cookie?: string, pagePath = "/", headers: Record<string, string> = {}): Promise<ActionResponse> {
  const body = await flightClient.encodeReply(args);
  const res = await fetch(`${baseURL}${pagePath}`, {
    method: "POST",
    redirect: "manual",
    headers: { "next-action": id, accept: "text/x-component", ...(cookie ? { cookie } : {}), ...headers },
    body,
  });
  const raw = await res.text();
  const redirect = res.headers.get("x-action-redirect");
  return {
    status: res.status,
    result: actionResult(raw),
    redirect: redirect ? redirect.replace(/;(push|replace)$/, "") : null,
    setCookies: res.headers.getSetCookie().map((c) => c.split(";")[0]!),
    actionNotFound: res.headers.get("x-nextjs-action-not-found") === "1",
    raw,
  };
}

/**
 * The action's return value from the RSC payload: row 0 is `{"a":"$@<row>", …}` and that row holds
 * the value as JSON. (React escapes strings that begin with "$" as "$$"; our results never do.)
 */
function actionResult(raw: string): unknown {
  const rows = new Map<string, string>();
  for (const line of raw.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m && !rows.has(m[1]!)) rows.set(m[1]!, m[2]!);
  }
  const head = rows.get("0");
  if (!head) return undefined;
  let ref: unknown;
  try {
    ref = (JSON.parse(head) as { a?: unknown }).a;
  } catch {
    return undefined;
  }
  if (typeof ref !== "string" || !ref.startsWith("$@")) return ref === "$undefined" ? undefined : ref;
  const row = rows.get(ref.slice(2));
  if (row === undefined) return undefined;
  try {
    return JSON.parse(row);
  } catch {
    return row;
  }
}

// ── Refusals

const zh = zhErrors as Record<string, string>;

/** The errors.* key whose Chinese text is this message (params filled in do not occur in refusals). */
export function errorKeyOf(message: string): string | undefined {
  return Object.keys(zh).find((k) => zh[k] === message);
}

/**
 * Messages that say "you may not" — not signed in, not verified, not allowed (in general or for
 * this very thing: not the plan's author, not invited, not the assigned supervisor, not in the
 * electorate), or "not found" for someone else's message. Anything else (a validation error, a
 * state conflict) would mean the call got past the policy, so it does not count as a refusal.
 */
export const refusalKeys = new Set([
  "signInRequired",
  "notVerified",
  "forbidden",
  "planDraftNotAllowed",
  "planNotYours",
  "notInvited",
  "notAssignedSupervisor",
  "notInElectorate",
  "notificationNotFound",
  "speakNotCheckedIn",
]);

export type Outcome =
  | { kind: "ok" }
  | { kind: "refused"; key: string }
  | { kind: "failed"; key: string; message: string }
  | { kind: "redirect"; to: string };

/** Classifies a runUseCase-style answer. */
export function outcomeOf(r: ActionResponse): Outcome {
  if (r.actionNotFound) throw new Error(`action not found (status ${r.status}): the request is malformed, not refused`);
  if (r.status >= 500) throw new Error(`server error ${r.status}: ${r.raw.slice(0, 300)}`);
  const res = r.result as { ok?: boolean; message?: string } | undefined;
  if (res && typeof res === "object" && res.ok === false) {
    const key = errorKeyOf(res.message ?? "") ?? `?${res.message}`;
    return refusalKeys.has(key) ? { kind: "refused", key } : { kind: "failed", key, message: res.message ?? "" };
  }
  if (r.redirect?.startsWith("/sign-in")) return { kind: "refused", key: "signInRequired" };
  if (res && typeof res === "object" && res.ok === true) return { kind: "ok" };
  if (r.redirect) return { kind: "redirect", to: r.redirect };
  return { kind: "ok" };
}

// ── The database, read-only

export function readDb(dbFile: string): Database.Database {
  return new Database(dbFile, { readonly: true, fileMustExist: true });
}

export type Snapshot = Map<string, string>;

/**
 * Row count and SHA-256 of every row of every table (FTS shadow tables included), plus the names
 * of the uploaded files beside the database: equal snapshots mean nothing was written. Left out:
 * job_leases, the server's own bookkeeping of its background jobs (each minute's tick takes and
 * frees a lease whatever the requests do).
 */
export function snapshot(dbFile: string): Snapshot {
  const db = readDb(dbFile);
  try {
    const out: Snapshot = new Map();
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name <> 'job_leases' order by name").all() as { name: string }[];
    for (const { name } of tables) {
      const rows = db.prepare(`select * from "${name.replace(/"/g, '""')}"`).raw().all() as unknown[][];
      const h = createHash("sha256");
      for (const row of rows) h.update(JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString("hex") : typeof v === "bigint" ? String(v) : v)) + "\n");
      out.set(`table ${name}`, `${rows.length} rows ${h.digest("hex").slice(0, 16)}`);
    }
    const uploads = path.join(path.dirname(dbFile), "uploads");
    const files = fs.existsSync(uploads) ? fs.readdirSync(uploads).sort() : [];
    out.set("uploads", `${files.length} files ${createHash("sha256").update(files.join("\n")).digest("hex").slice(0, 16)}`);
    return out;
  } finally {
    db.close();
  }
}

/** What differs between two snapshots, e.g. ["table opinions: 4 rows … → 5 rows …"]. */
export function changes(before: Snapshot, after: Snapshot): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).map((k) => `${k}: ${before.get(k) ?? "—"} → ${after.get(k) ?? "—"}`);
}

/** A 1×1 PNG: passes the upload's content check, so a refused call with a photo shows that no file is kept. */
export function tinyPng(name = "photo.png"): File {
  const bytes = Buffer.from(
    // A valid one: uploads are decoded and re-encoded, so a PNG with a bad data chunk is refused.
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000970485973000003e8000003e801b57b526b0000000d49444154089963606060f80f00010401007db2c8df0000000049454e44ae426082",
    "hex",
  );
  return new File([bytes], name, { type: "image/png" });
}

/** A FormData from plain fields; arrays become repeated fields, files are appended as they are. */
export function form(fields: Record<string, string | number | boolean | File | (string | number)[] | undefined>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) fd.append(k, String(x));
    else if (v instanceof File) fd.append(k, v);
    else fd.append(k, String(v));
  }
  return fd;
}

/** A tiptap document of one paragraph, as the editors submit it (JSON text in a form field). */
export function doc(text: string): string {
  return JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
}
