import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, inject } from "vitest";
import { apiToken, baseURL } from "./browser";
import { proxyCallerPhones } from "./security-proxy-helpers";

/**
 * Helpers of the HTTP security suite: who calls (one bearer token per demo role), a fingerprint of
 * the whole database to prove a refused call wrote nothing, and the shape every error must have.
 */

/**
 * Every kind of caller the policy distinguishes, in the column order of the matrix; then the two
 * holders of a written proxy on the demo's open secret ballot (security-proxy-helpers.ts), who
 * must never be sent a choice.
 */
export const callers = ["anon", "pending", "owner", "res2", "chief", "worker", "firm", "cttee", "superv", "admin", "proxy", "staffProxy"] as const;
export type Caller = (typeof callers)[number];
/**
 * Outside ballots a proxy caller has the rights of another caller: a matrix row of ten columns
 * gives them that caller's status; a row of twelve names theirs.
 */
export const sameRightsAs: Partial<Record<Caller, Caller>> = { proxy: "owner", staffProxy: "worker" };

export const phones: Record<Exclude<Caller, "anon">, string> = {
  pending: "13700002099", // registers in beforeAll and stays unverified
  owner: "13800000101", // owner and resident in grid 1 (1号楼)
  res2: "13800000201", // resident of grid 2: the "other grid"
  chief: "13800000001", // grid chief of grid 1
  worker: "13800000002", // grid worker of grid 1
  firm: "13800000003", // property firm staff
  cttee: "13800000004", // owners' committee member
  superv: "13800000005", // civilian supervisor
  admin: "13800000000", // community admin
  proxy: proxyCallerPhones.proxy, // owner and resident in grid 1, proxy of a neighbour who voted in person
  staffProxy: proxyCallerPhones.staffProxy, // a second grid-1 worker, proxy of a neighbour who voted in person
};

const tokens = new Map<string, string>();
/** A bearer token for a phone (demo password), issued once per file run. */
export async function tokenFor(phone: string): Promise<string> {
  if (!tokens.has(phone)) tokens.set(phone, await apiToken(phone));
  return tokens.get(phone)!;
}
export async function tokenOf(caller: Caller): Promise<string | undefined> {
  return caller === "anon" ? undefined : tokenFor(phones[caller]);
}

export type Res = { status: number; text: string; json: unknown; headers: Headers };

export type CallInit = {
  method?: string;
  token?: string;
  /** A JSON body (serialised here) … */
  body?: unknown;
  /** … or the raw bytes/text to send as they are. */
  raw?: BodyInit;
  headers?: Record<string, string>;
  lang?: "zh-CN" | "en";
};

export async function call(pathname: string, init: CallInit = {}): Promise<Res> {
  const headers: Record<string, string> = { "accept-language": init.lang === "en" ? "en" : "zh-CN,zh;q=0.9", ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: BodyInit | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(`${baseURL()}${pathname}`, { method: init.method ?? "GET", headers, body, redirect: "manual" });
  const buf = Buffer.from(await res.arrayBuffer());
  const isText = /json|text|html/.test(res.headers.get("content-type") ?? "");
  const text = isText ? buf.toString("utf8") : `<${buf.length} bytes ${res.headers.get("content-type")}>`;
  let json: unknown = null;
  try {
    json = isText ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json, headers: res.headers };
}

export { sessionCookie } from "./browser";

// ---------------------------------------------------------------------------------------------
// "Nothing written": a fingerprint of every row of every table.

/**
 * Tables a refused call may legitimately touch: issued bearer tokens and web sessions (a sign-in
 * elsewhere in the file), and the sign-in failure counters of the throttling (which exist
 * precisely to record refusals). Also left out, as in security-actions-helpers.ts: job_leases, the
 * server's own bookkeeping of its background jobs (each minute's tick takes and frees a lease
 * whatever the requests do).
 */
const volatile = new Set(["api_tokens", "sessions", "sign_in_failures", "job_leases"]);

let dbHandle: Database.Database | null = null;
function db() {
  dbHandle ??= new Database(inject("dbFile"), { readonly: true, fileMustExist: true });
  return dbHandle;
}
export function closeDb() {
  cached = null;
  dbHandle?.close();
  dbHandle = null;
}

/** Read-only queries against the server's database (look-ups of fixture ids, table checks). */
export function query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
  return db().prepare(sql).all(...params) as T[];
}
export function one<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T {
  const row = db().prepare(sql).get(...params) as T | undefined;
  if (row === undefined) throw new Error(`no row for ${sql} ${JSON.stringify(params)}`);
  return row;
}

let cached: { version: number; tables: Record<string, string> } | null = null;

/**
 * Row count and a hash of the content of every table (so an UPDATE shows too, not only an
 * INSERT). SQLite's data_version changes whenever another connection commits, so the hashing is
 * redone only after a write.
 */
export function snapshot(): Record<string, string> {
  const version = db().pragma("data_version", { simple: true }) as number;
  if (cached?.version === version) return cached.tables;
  cached = { version, tables: fingerprint() };
  return cached.tables;
}

function fingerprint(): Record<string, string> {
  const out: Record<string, string> = {};
  const tables = (db().prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]).map((t) => t.name);
  for (const t of tables) {
    if (volatile.has(t)) continue;
    const rows = db().prepare(`select * from "${t}"`).raw().all();
    const h = createHash("sha256");
    for (const r of rows) h.update(JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? String(v) : Buffer.isBuffer(v) ? v.toString("hex") : v)));
    out[t] = `${rows.length}:${h.digest("hex").slice(0, 16)}`;
  }
  return out;
}

/** Tables whose fingerprint differs between two snapshots. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]);
}

// ---------------------------------------------------------------------------------------------
// What an error answer must look like.

/** Signs of an internal detail leaking: stack frames, source paths, raw error dumps, SQL. */
const leaks: [string, RegExp][] = [
  ["stack frame", /\bat [\w$.<>]+ \(|\n\s+at /],
  ["source path", /(\/work\/|node_modules|\.next[-\w]*\/|webpack|turbopack|\.tsx?:\d+)/i],
  ["error dump", /\b(TypeError|ReferenceError|SyntaxError|RangeError|SqliteError|ZodError)\b|^Error:|"Error: /],
  ["SQL", /\b(SQLITE_\w+|no such (table|column)|syntax error)\b/i],
];

export function leakIn(text: string): string | null {
  for (const [what, re] of leaks) if (re.test(text)) return what;
  return null;
}

/** A refusal or a bad-input answer: the status given, JSON { error: { code, message } } with a message a person can read. */
export function expectJsonError(res: Res, label: string, lang: "zh-CN" | "en" = "zh-CN") {
  expect(res.headers.get("content-type") ?? "", `${label}: JSON error`).toContain("application/json");
  const err = (res.json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  expect(err, `${label}: { error } in ${res.text.slice(0, 200)}`).toBeTruthy();
  expect(typeof err!.code, `${label}: error.code`).toBe("string");
  expect(typeof err!.message === "string" && err!.message.trim().length > 1, `${label}: error.message`).toBe(true);
  const message = err!.message as string;
  if (lang === "zh-CN") expect(message, `${label}: message in Chinese`).toMatch(/[\u4e00-\u9fff]/);
  else expect(message, `${label}: message in English`).toMatch(/^[^\u4e00-\u9fff]*[A-Za-z]{3,}/);
  expect(leakIn(res.text), `${label}: leaks ${res.text.slice(0, 300)}`).toBeNull();
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

export const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

/** A real 1×1 PNG (photos are checked by their content, not by their name). */
export const png = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63382127070002b6010534a675aa0000000049454e44ae426082",
  "hex",
);

/** The app's route handlers, from the file system: "/api/v1/topics/[id]/admit" etc. */
export function routeFiles(root = path.resolve(__dirname, "../..")): { route: string; methods: string[]; source: string }[] {
  const found: { route: string; methods: string[]; source: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts") {
        const src = fs.readFileSync(p, "utf8");
        const methods = [
          ...[...src.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!),
          ...[...src.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!),
        ];
        const route = "/" + path.relative(path.join(root, "app"), path.dirname(p)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/");
        found.push({ route, methods: [...new Set(methods)].sort(), source: src });
      }
    }
  };
  walk(path.join(root, "app"));
  return found.sort((a, b) => a.route.localeCompare(b.route));
}
