import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { voteOutOnPaper } from "./ballot-helpers";
import { api, apiToken, baseURL, sessionCookie } from "./browser";
import {
  buildActions,
  callAction,
  changes,
  doc,
  form,
  outcomeOf,
  readDb,
  snapshot,
  sourceActions,
  tinyPng,
  type ActionRef,
  type ActionResponse,
  type Outcome,
} from "./security-actions-helpers";
import { ensureProxyCallers, expectNoChoiceFor, proxyCallerPhones, proxyCallers, type ProxyCaller } from "./security-proxy-helpers";

/**
 * The policy matrix of every server action, over plain HTTP.
 *
 * A server action is a public endpoint: anyone can POST its id with arguments of their choosing,
 * whatever the page around its form shows or hides. So for every action (60, enumerated from the
 * build's manifest and checked against the source) and for the resources it acts on — in the
 * caller's own grid (1) and in another grid (2), plus community-level matters where grid staff
 * lose their rights — this file sends the SAME request as each of ten callers:
 *
 *   anon       signed out                       pending     13800000301, registration not verified
 *   owner1     13800000101, owner in grid 1     resident2   13800000201, resident of grid 2
 *   chief      13800000001, grid 1's chief      worker      13800000002, grid 1's worker
 *   firm       13800000003, property firm       committee   13800000004, owners' committee
 *   supervisor 13800000005, civilian supervisor admin       13800000000, community admin
 *
 * and checks, target by target:
 *   1. every caller outside `allowed` is refused — the answer is a refusal ("sign in", "not
 *      verified", "not allowed", "not invited" …, see refusalKeys), never a validation or state
 *      error, which would mean the call got past the policy — and the database (every row of every
 *      table, FTS tables included) and the uploads folder are exactly as before;
 *   2. one allowed caller (`live`) then makes the very call for real and it succeeds: so the
 *      request is well-formed and the resource was in a state to act on — the refusals above were
 *      the policy's, not an accident of the request;
 *   3. the other allowed callers pass the policy (`probe`): given a request that fails only at a
 *      later check (a taken code, a stale revision, a state the topic has already left), they get
 *      that later error, not a refusal.
 *
 * The live calls carry the test's own topics in both grids through the whole loop (proposal →
 * admission → consultation → meeting → plans → vote → tasks → rating → closure), so every action
 * meets a resource in the state it needs. Writes stay on those topics and on places and people
 * made here with distinctive names; the demo's own topics, people and settings are left as they were.
 *
 * The `allowed` lists are derived from lib/auth/policy.ts and the use cases (cited per entry).
 */

type Who = "anon" | "pending" | "owner1" | "resident2" | "chief" | "worker" | "firm" | "committee" | "supervisor" | "admin" | ProxyCaller;
const everyone: Who[] = ["anon", "pending", "owner1", "resident2", "chief", "worker", "firm", "committee", "supervisor", "admin", ...proxyCallers];
const phones: Record<Exclude<Who, "anon">, string> = {
  pending: "13800000301",
  owner1: "13800000101",
  resident2: "13800000201",
  chief: "13800000001",
  worker: "13800000002",
  firm: "13800000003",
  committee: "13800000004",
  supervisor: "13800000005",
  admin: "13800000000",
  ...proxyCallerPhones,
};
const signedIn = everyone.filter((w) => w !== "anon");
/** Verified members of the community: everyone but the signed-out and the pending. */
const members = everyone.filter((w) => w !== "anon" && w !== "pending");
const gridOneStaff: Who[] = ["chief", "worker", "admin", "staffProxy"];

type Args = () => unknown[];
type Target = {
  label: string;
  args: Args;
  allowed: Who[];
  /** The allowed caller who makes the call for real; `check` looks at its answer and may record ids. */
  live?: { who: Who; args?: Args; check?: (r: ActionResponse) => void };
  /**
   * How the other allowed callers are shown to pass the policy: a request failing only after it
   * (sent before the live call), "after" (the same request, once the live call has moved the
   * resource on), or a reason why they are not called.
   */
  probe?: Args | "after" | { skip: string };
  /**
   * owner1 is allowed as the person the resource is theirs (their vote, their invitation, their
   * task, their message), not as someone living in grid 1: the proxy holder, who otherwise has
   * owner1's rights, is refused.
   */
  personal?: true;
};
type Entry = {
  file: string;
  name: string;
  targets: () => Target[];
  /** Actions whose answer is not runUseCase's: how to read a caller's answer. */
  judge?: (r: ActionResponse) => Outcome;
  /** The action ends the caller's session: each call signs in afresh instead of spending the file's shared cookie. */
  ownSession?: boolean;
};

// ── The world the matrix runs against

let dbFile: string;
let actions: ActionRef[];
const cookies = new Map<Who, string | undefined>();
const tokens = new Map<string, string>();
const ids = {
  community: 0,
  grid: { 1: 0, 2: 0, 3: 0 } as Record<1 | 2 | 3, number>,
  person: {} as Record<Exclude<Who, "anon">, number>,
  firmOrg: 0,
  thinkTank: 0,
  item: 0,
  unitGrid1: { building: 0, unit: 0 },
  unitGrid2: { building: 0, unit: 0 },
};
/** Ids the live calls and setup steps produce, filled in as the loop goes. */
const w: Record<string, number> = {};
const suffix = String(Date.now()).slice(-6);
const title = (s: string) => `${s}（安全测试${suffix}）`;

/** One row per call: the matrix as it was observed, printed at the end. */
const observed: { action: string; target: string; who: Who; expected: "allowed" | "refused"; got: string }[] = [];

function one<T>(db: ReturnType<typeof readDb>, sql: string, ...params: unknown[]): T {
  const row = db.prepare(sql).get(...params) as T | undefined;
  if (row === undefined) throw new Error(`no row for ${sql} ${JSON.stringify(params)}`);
  return row;
}

/** Who checks in to each grid's meeting with the room's live code (checkInAction's live call); from then on they may ask for the floor. */
const checkedInWithCode = (g: number): Who => (g === 1 ? "firm" : "committee");

/** The check-in code a meeting's room shows now (opened by openCheckInAction's live call). */
function liveCheckInCode(meetingId: number): string {
  const db = readDb(dbFile);
  try {
    return one<{ code: string }>(db, "select checkin_code as code from meetings where id = ?", meetingId).code;
  } finally {
    db.close();
  }
}

async function token(phone: string) {
  if (!tokens.has(phone)) tokens.set(phone, await apiToken(phone));
  return tokens.get(phone)!;
}

/** A setup call through the JSON API; it must succeed. */
async function setup(phone: string, path: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const res = await api(path, { method: "POST", token: await token(phone), body });
  if (res.status >= 300) throw new Error(`setup ${path} as ${phone}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

const day = 86_400_000;
/** A calendar day in Beijing, days from now. */
const beijingDate = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * day).toISOString().slice(0, 10);

beforeAll(async () => {
  dbFile = inject("dbFile");
  // The proxy callers and their principals' votes (shared with the other matrices), before anyone is looked up.
  await ensureProxyCallers();
  actions = buildActions(process.env.NEXT_DIST_DIR ?? ".next-test");
  const db = readDb(dbFile);
  try {
    ids.community = one<{ id: number }>(db, "select id from communities where code = 'HX'").id;
    for (const g of [1, 2, 3] as const) ids.grid[g] = one<{ id: number }>(db, "select id from grids where code = ?", `0${g}`).id;
    for (const [who, phone] of Object.entries(phones)) ids.person[who as Exclude<Who, "anon">] = one<{ id: number }>(db, "select id from people where phone = ?", phone).id;
    ids.firmOrg = one<{ id: number }>(db, "select id from organisations where code = 'WY1'").id;
    ids.thinkTank = one<{ id: number }>(db, "select id from organisations where kind = 'thinkTank' order by id").id;
    ids.item = one<{ id: number }>(db, "select id from agenda_items where name = '公共设施维修'").id;
    // Units nobody holds or claims, for the registrations made here.
    const freeUnit = (grid: number) =>
      one<{ building: number; unit: number }>(
        db,
        `select b.id as building, u.id as unit from units u join buildings b on b.id = u.building_id
         where b.grid_id = ? and not exists (select 1 from roles r where r.unit_id = u.id)
           and not exists (select 1 from people p where p.claimed_unit_id = u.id) order by u.id desc`,
        grid,
      );
    ids.unitGrid1 = freeUnit(ids.grid[1]);
    ids.unitGrid2 = freeUnit(ids.grid[2]);
  } finally {
    db.close();
  }

  cookies.set("anon", undefined);
  for (const who of signedIn) cookies.set(who, await sessionCookie(phones[who as Exclude<Who, "anon">]));

  // Topics waiting for admission, proposed by staff (whose proposals skip co-signing): one per
  // step that ends a topic's road (admit, reject, merge, escalate), in each grid.
  const propose = async (phone: string, grid: number, name: string) =>
    (await setup(phone, "/api/v1/topics", { gridId: grid, agendaItemId: ids.item, title: title(name), description: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "安全测试用的议题，检查每个操作的权限。" }] }] } })).topicId as number;
  for (const [g, phone] of [[1, phones.chief], [2, phones.admin]] as const) {
    w[`admit${g}`] = await propose(phone, ids.grid[g], `准入${g}`);
    w[`reject${g}`] = await propose(phone, ids.grid[g], `驳回${g}`);
    w[`merge${g}`] = await propose(phone, ids.grid[g], `合并${g}`);
    w[`escalate${g}`] = await propose(phone, ids.grid[g], `上报${g}`);
    await setup(phone, `/api/v1/topics/${w[`escalate${g}`]}/admit`, { level: "grid" });
  }

  // An import conflict for staff to decide: a one-row owners' register naming a new number as the
  // owner of owner1's unit, leaving owner1 out — held as a conflict, applied nowhere (lib/imports/people).
  {
    const db = readDb(dbFile);
    let unit: { grid: string; building: string; number: string };
    try {
      unit = one(db, `select g.code as grid, b.code as building, u.number as number from roles r join units u on u.id = r.unit_id join buildings b on b.id = u.building_id join grids g on g.id = b.grid_id where r.person_id = ? and r.role = 'owner' order by u.id`, ids.person.owner1);
    } finally {
      db.close();
    }
    const body = new FormData();
    body.set("file", new Blob([`\uFEFF姓名,手机号,网格,楼栋,房号\r\n冲突测试${suffix},1773${suffix}0,${unit.grid},${unit.building},${unit.number}\r\n`], { type: "text/csv" }), "register.csv");
    body.set("dryRun", "0");
    body.set("source", "安全测试名册");
    const res = await fetch(`${baseURL()}/api/v1/imports/people/owners-register`, { method: "POST", headers: { authorization: `Bearer ${await token(phones.admin)}` }, body });
    const text = await res.text();
    if (res.status !== 200 || !text.includes('"conflicts":1')) throw new Error(`setup of an import conflict: ${res.status} ${text.slice(-500)}`);
    const after = readDb(dbFile);
    try {
      w.conflict = one<{ id: number }>(after, "select id from import_conflicts where status = 'open' order by id desc").id;
    } finally {
      after.close();
    }
  }
}, 120_000);

afterAll(() => {
  if (observed.length === 0) return;
  // The observed matrix, one line per action and target: who was let through, who was refused.
  const lines = new Map<string, string[]>();
  for (const o of observed) {
    const key = `${o.action} · ${o.target}`;
    const why = /\((\w+)/.exec(o.got)?.[1];
    const mark = o.expected === "allowed" ? `${o.who}✓` : `${o.who}✗${why && why !== "forbidden" ? `(${why})` : ""}`;
    lines.set(key, [...(lines.get(key) ?? []), mark]);
  }
  // SECURITY_ACTIONS_REPORT=file.json keeps every call with its answer, for a closer look.
  if (process.env.SECURITY_ACTIONS_REPORT) fs.writeFileSync(process.env.SECURITY_ACTIONS_REPORT, JSON.stringify(observed, null, 1));
  console.log(`server-action policy matrix (✓ passed the policy, ✗ refused; ${observed.length} calls):\n${[...lines].map(([k, v]) => `  ${k}: ${v.join(" ")}`).join("\n")}`);
});

// ── Running one entry

function actionOf(entry: Entry): ActionRef {
  const hit = actions.find((a) => a.file === entry.file && a.name === entry.name);
  if (!hit) throw new Error(`${entry.file}#${entry.name} is not in the build's action manifest`);
  return hit;
}

async function call(entry: Entry, who: Who, args: unknown[]): Promise<{ r: ActionResponse; outcome: Outcome }> {
  const { id, page } = actionOf(entry);
  const cookie = entry.ownSession && who !== "anon" ? await sessionCookie(phones[who]) : cookies.get(who);
  const r = await callAction(baseURL(), id, args, cookie, page);
  // A proxy holder, staff or not, is never sent anyone's choice.
  expectNoChoiceFor(who, r.raw, `${entry.name} as ${who}`);
  return { r, outcome: (entry.judge ?? outcomeOf)(r) };
}

const show = (o: Outcome) => (o.kind === "refused" ? `refused (${o.key})` : o.kind === "failed" ? `failed after the policy (${o.key}: ${o.message})` : o.kind === "redirect" ? `redirect to ${o.to}` : "ok");

/**
 * Who passes the policy: the target's list, and the proxy callers where the caller with their
 * rights outside ballots passes (the staff proxy as a grid-1 worker; the proxy holder as a grid-1
 * owner, unless the resource is owner1's own).
 */
function allowedOf(t: Target): Who[] {
  const out = new Set(t.allowed);
  if (out.has("worker")) out.add("staffProxy");
  if (out.has("owner1") && !t.personal) out.add("proxy");
  return everyone.filter((who) => out.has(who));
}

async function runEntry(entry: Entry) {
  const action = entry.name;
  for (const target of entry.targets()) {
    const t = { ...target, allowed: allowedOf(target) };
    const refused = everyone.filter((who) => !t.allowed.includes(who));

    // 1. Everyone outside `allowed` is refused, and nothing at all is written.
    const before = snapshot(dbFile);
    const wrong: string[] = [];
    for (const who of refused) {
      const { outcome } = await call(entry, who, t.args());
      observed.push({ action, target: t.label, who, expected: "refused", got: show(outcome) });
      if (outcome.kind !== "refused") wrong.push(`${who}: ${show(outcome)}`);
    }
    const written = changes(before, snapshot(dbFile));
    expect(wrong, `${action} on ${t.label}: callers not refused`).toEqual([]);
    expect(written, `${action} on ${t.label}: refused calls by ${refused.join(", ")} wrote`).toEqual([]);

    // 2 and 3. The allowed callers pass the policy; one of them makes the call for real.
    const probeWho = t.allowed.filter((who) => who !== t.live?.who);
    const probe = async (args: unknown[]) => {
      for (const who of probeWho) {
        const { outcome } = await call(entry, who, args);
        observed.push({ action, target: t.label, who, expected: "allowed", got: show(outcome) });
        expect(outcome.kind, `${action} on ${t.label} as ${who} (allowed): ${show(outcome)}`).not.toBe("refused");
      }
    };
    if (typeof t.probe === "function") await probe(t.probe());
    if (t.live) {
      const { r, outcome } = await call(entry, t.live.who, (t.live.args ?? t.args)());
      observed.push({ action, target: t.label, who: t.live.who, expected: "allowed", got: show(outcome) });
      expect(["ok", "redirect"], `${action} on ${t.label} as ${t.live.who} (live): ${show(outcome)}`).toContain(outcome.kind);
      t.live.check?.(r);
    }
    if (t.probe === "after") await probe(t.args());
    // A target with only its live caller: a proxy caller with the same rights repeats the call after it.
    if (t.probe === undefined && probeWho.length > 0 && probeWho.every((who) => (proxyCallers as Who[]).includes(who))) await probe(t.args());
    else if (t.probe === undefined && probeWho.length > 0) throw new Error(`${action} on ${t.label}: say how ${probeWho.join(", ")} are shown to pass the policy`);
  }
}

/** The data of a successful runUseCase answer. */
function data(r: ActionResponse): Record<string, unknown> {
  const res = r.result as { ok: boolean; data: Record<string, unknown> };
  expect(res?.ok, JSON.stringify(r.result)).toBe(true);
  return res.data;
}
/** The id at the end of a redirect such as /topics/12 or /ballots/3. */
function redirectId(r: ActionResponse, pattern: RegExp): number {
  const m = pattern.exec(r.redirect ?? "");
  expect(m, `redirect ${r.redirect}`).not.toBeNull();
  return Number(m![1]);
}
const lastRow = (sql: string, ...params: unknown[]) => {
  const db = readDb(dbFile);
  try {
    return one<{ id: number }>(db, sql, ...params).id;
  } finally {
    db.close();
  }
};

/** Both grids, with their own topic and their own staff: grid 1's chief and worker, and the community admin (the only staff grid 2 has). */
const grids = [1, 2] as const;

/** A chair command of the live room in both grids: the meeting's staff, one of them live, the rest after it. */
function chairRows(name: string, args: (g: 1 | 2) => unknown[]): Entry[] {
  return [{ file: "app/meetings/[id]/chair/actions.ts", name, targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => args(g), allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })) }];
}
const staffOf = (g: 1 | 2): Who[] => (g === 1 ? gridOneStaff : ["admin"]);
const liveStaff = (g: 1 | 2): Who => (g === 1 ? "chief" : "admin");
/** Who lives in the grid (policy `livesInGrid`: resident or owner there). */
const dweller = (g: 1 | 2): Who => (g === 1 ? "owner1" : "resident2");
const gridLabel = (g: 1 | 2) => (g === 1 ? "grid 1 (own grid of the grid staff)" : "grid 2 (other grid)");
const M = (g: 1 | 2) => w[`admit${g}`]!; // the main topic of each grid, carried through the loop
const plan = { title: "安全测试方案", body: doc("更换全部破损设施，费用由物业承担，两周内完成。"), budget: "1200", budgetSource: "propertyFirm", deadline: beijingDate(30), responsible: "" };

// ── The matrix, in the order of the loop

const entries: Entry[] = [
  // Public: the language switch sets a cookie for anyone and writes nothing.
  {
    file: "app/_components/locale-switch.tsx",
    name: "switchLocale",
    judge: (r) => (r.setCookies.some((c) => c === "NEXT_LOCALE=en") ? { kind: "ok" } : { kind: "failed", key: "noCookie", message: r.raw.slice(0, 100) }),
    targets: () => [{ label: "anyone", args: () => [form({ to: "en" })], allowed: everyone, live: { who: "anon" }, probe: "after" }],
  },
  // Public: 长辈模式 sets a cookie for anyone (the reader's own preference) and writes nothing.
  {
    file: "app/_components/elder-switch.tsx",
    name: "switchElderMode",
    judge: (r) => (r.setCookies.some((c) => c === "gc_elder=1") ? { kind: "ok" } : { kind: "failed", key: "noCookie", message: r.raw.slice(0, 100) }),
    targets: () => [{ label: "anyone", args: () => [form({ to: "on" })], allowed: everyone, live: { who: "anon" }, probe: "after" }],
  },
  // Public: signing out ends only the caller's own session (on the server too) and clears its cookie.
  {
    file: "app/_components/sign-out-action.ts",
    name: "signOutAction",
    ownSession: true,
    judge: (r) => (r.setCookies.some((c) => /next-auth\.session-token=$/.test(c)) ? { kind: "ok" } : { kind: "failed", key: "noCookie", message: r.raw.slice(0, 100) }),
    targets: () => [{ label: "anyone", args: () => [], allowed: everyone, live: { who: "anon" }, probe: "after" }],
  },
  // Everyone signed in changes their own password (lib/accounts/change-password.ts: no resource,
  // the actor's own row). The allowed callers send a too-short new password, refused before any
  // password is checked; the real change is in security-origin.test.ts, since it would end the
  // sessions this file shares.
  {
    file: "app/account/actions.ts",
    name: "changePasswordAction",
    targets: () => [
      {
        label: "own account",
        args: () => [null, form({ currentPassword: "demo1234", newPassword: "Lotus-Pond-42" })],
        allowed: signedIn,
        probe: () => [null, form({ currentPassword: "demo1234", newPassword: "short" })],
      },
    ],
  },
  // Public: registration is how an account begins (lib/people/register.ts reads no actor).
  {
    file: "app/register/actions.ts",
    name: "registerAction",
    targets: () =>
      grids.map((g) => {
        const unit = g === 1 ? ids.unitGrid1 : ids.unitGrid2;
        const fields = (phone: string) => form({ name: "测试新住户", phone, password: "secret123", gridId: ids.grid[g], buildingId: unit.building, unitId: unit.unit, relation: "resident" });
        const phone = `1770${suffix}${g}`;
        return {
          label: gridLabel(g),
          args: () => [null, fields(phone)],
          allowed: everyone,
          live: { who: "anon", check: (r) => void (w[`registration${g}`] = data(r).personId as number) },
          // The same phone again: phoneTaken, whoever asks.
          probe: "after",
        };
      }),
  },
  // Public: activation with a letter's code (lib/activation/activate.ts reads no actor: the code and
  // the person's own number are the credential). Nobody here has a code, so every caller gets the
  // one answer for a wrong code or number (activationCodeWrong) — or, after ten tries on the number,
  // the throttle's — after the policy. The real activation is tests/e2e/activation.test.ts.
  {
    file: "app/activate/actions.ts",
    name: "activateAction",
    targets: () => [
      {
        label: "anyone, with a code nobody was given",
        args: () => [null, form({ code: "ABCDE-FGHJK", phone: `1772${suffix}0`, password: "Lotus-Pond-42" })],
        allowed: everyone,
        probe: () => [null, form({ code: "ABCDE-FGHJK", phone: `1772${suffix}1`, password: "Lotus-Pond-42" })],
      },
    ],
  },
  // Public: the first setup (lib/setup/set-up-from-web.ts), guarded by the one-time code in the
  // server's log. This database is set up, so every caller — with a code or without — is answered
  // setupClosed (409) after the policy, before any code is counted. The setup itself, on an empty
  // database, is tests/e2e/setup-web.test.ts.
  {
    file: "app/setup/actions.ts",
    name: "setUpAction",
    targets: () => [
      {
        label: "anyone, on a set-up database",
        args: () => [null, form({ setupCode: "AAAA-BBBB-CCCC", district: "城东区", street: "和平街道", communityName: "安全测试社区", communityCode: "AQ", adminName: "测试管理员", adminPhone: `1771${suffix}0`, adminPassword: "Lotus-Pond-42", adminPasswordConfirm: "Lotus-Pond-42" })],
        allowed: everyone,
        probe: () => [null, form({ setupCode: "AAAA-BBBB-CCCC", district: "城东区", street: "和平街道", communityName: "安全测试社区", communityCode: "AQ", adminName: "测试管理员", adminPhone: `1771${suffix}0`, adminPassword: "Lotus-Pond-42", adminPasswordConfirm: "Lotus-Pond-42" })],
      },
    ],
  },
  // registration.review: the grid's chief or worker, or the community admin.
  {
    file: "app/staff/registrations/actions.ts",
    name: "reviewAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [w[`registration${g}`], null, form({ decision: "reject", reason: "安全测试：信息不符" })],
        allowed: staffOf(g),
        live: { who: g === 1 ? "worker" : "admin" },
        probe: "after", // registrationAlreadyReviewed
      })),
  },
  // Import conflicts: person.manage = the community admin (lib/imports/people/decide-conflict.ts).
  // The live call keeps things as they are; deciding again is conflictDecided (409), after the policy.
  {
    file: "app/admin/imports/people/actions.ts",
    name: "decideConflictAction",
    targets: () => [
      {
        label: "a conflict of the community",
        args: () => [w.conflict, "keepCurrent", null, form({})],
        allowed: ["admin"],
        live: { who: "admin" },
        probe: "after",
      },
    ],
  },
  // Admin screens: the community admin only (grid.manage … catalog.manage = isCommunityAdmin).
  {
    file: "app/admin/actions.ts",
    name: "chooseCommunity",
    // Returns nothing: what it does is set the admin-community cookie, and only for an admin of it.
    judge: (r) => (r.setCookies.some((c) => c.startsWith("gc_admin_community=")) ? { kind: "ok" } : { kind: "refused", key: "noCookie" }),
    targets: () => [{ label: "the community", args: () => [form({ communityId: ids.community })], allowed: ["admin"], live: { who: "admin" } }],
  },
  {
    file: "app/admin/catalog/actions.ts",
    name: "createCategoryAction",
    targets: () => [
      {
        label: "the community",
        args: () => [ids.community, null, form({ name: `测试分类${suffix}` })],
        allowed: ["admin"],
        live: { who: "admin", check: (r) => void (w.category = data(r).categoryId as number) },
      },
    ],
  },
  {
    file: "app/admin/catalog/actions.ts",
    name: "createItemAction",
    targets: () => [
      {
        label: "a category of the community",
        args: () => [w.category, null, form({ name: `测试事项${suffix}`, defaultLevel: "grid", defaultVoteRule: "simpleMajority" })],
        allowed: ["admin"],
        live: { who: "admin", check: (r) => void (w.item = data(r).itemId as number) },
      },
    ],
  },
  {
    file: "app/admin/catalog/actions.ts",
    name: "updateItemAction",
    targets: () => [
      {
        // Refused callers try to switch an item of the demo catalog off; the admin switches off the test's own.
        label: "an agenda item",
        args: () => [ids.item, null, form({ active: "false" })],
        allowed: ["admin"],
        live: { who: "admin", args: () => [w.item, null, form({ active: "false" })] },
      },
    ],
  },
  {
    file: "app/admin/catalog/actions.ts",
    name: "setCommunityTurnoutAction",
    targets: () => [
      // "" is the default floor (more than half), which the demo already has: the live call changes nothing for later rows.
      { label: "the community", args: () => [ids.community, null, form({ minTurnoutPercent: "" })], allowed: ["admin"], live: { who: "admin" } },
    ],
  },
  {
    file: "app/admin/grids/actions.ts",
    name: "createGridAction",
    targets: () => [
      {
        label: "the community",
        args: () => [ids.community, null, form({ code: "97", name: "测试网格" })],
        allowed: ["admin"],
        // No fourth grid is added to the shared demo: the admin's call with grid 1's code gets "code taken", after the policy.
        probe: () => [ids.community, null, form({ code: "01", name: "测试网格" })],
      },
    ],
  },
  {
    file: "app/admin/grids/[id]/actions.ts",
    name: "createBuildingAction",
    targets: () => [
      {
        label: "grid 1 (the grid staff's own)",
        args: () => [ids.grid[1], null, form({ code: "97", name: "测试楼", floors: "6" })],
        allowed: ["admin"],
        live: { who: "admin", args: () => [ids.grid[3], null, form({ code: "97", name: "测试楼", floors: "6" })], check: (r) => void (w.building = data(r).buildingId as number) },
      },
    ],
  },
  {
    file: "app/admin/buildings/[id]/actions.ts",
    name: "createUnitAction",
    targets: () => [
      { label: "a building", args: () => [w.building, null, form({ number: "1-101", area: "88.5" })], allowed: ["admin"], live: { who: "admin" } },
    ],
  },
  {
    file: "app/admin/organisations/actions.ts",
    name: "createOrganisationAction",
    targets: () => [
      {
        label: "the community",
        args: () => [ids.community, null, form({ kind: "thinkTank", name: `测试智囊团${suffix}`, code: `T${suffix}` })],
        allowed: ["admin"],
        live: { who: "admin", check: (r) => void (w.org = data(r).organisationId as number) },
      },
    ],
  },
  {
    file: "app/admin/organisations/actions.ts",
    name: "updateOrganisationAction",
    targets: () => [
      {
        // The property firm itself may not rename the firm.
        label: "an organisation",
        args: () => [ids.firmOrg, null, form({ name: "被篡改的物业" })],
        allowed: ["admin"],
        live: { who: "admin", args: () => [w.org, null, form({ description: "安全测试" })] },
      },
    ],
  },
  {
    file: "app/admin/people/actions.ts",
    name: "createPersonAction",
    targets: () => [
      {
        label: "the community",
        args: () => [ids.community, null, form({ name: "测试成员", phone: `1771${suffix}0`, password: "secret123", role: "thinkTankMember", organisationId: w.org })],
        allowed: ["admin"],
        live: { who: "admin", check: (r) => void (w.newPerson = data(r).personId as number) },
      },
    ],
  },
  {
    file: "app/admin/people/[id]/actions.ts",
    name: "assignRoleAction",
    targets: () => [
      {
        // The privilege escalation a grid chief might try: making someone a worker of their own grid.
        label: "grid 1 (a role in the grid staff's own grid)",
        args: () => [w.newPerson, ids.community, null, form({ role: "gridWorker", gridId: ids.grid[1] })],
        allowed: ["admin"],
        live: { who: "admin", check: (r) => void (w.newRole = data(r).roleId as number) },
      },
    ],
  },
  {
    file: "app/admin/people/[id]/actions.ts",
    name: "revokeRoleAction",
    targets: () => [
      {
        label: "a grid-1 role",
        args: () => [w.newRole, null, form({})],
        allowed: ["admin"],
        live: { who: "admin" },
      },
    ],
  },
  {
    file: "app/ratings/settings/actions.ts",
    name: "setCloseRuleAction",
    targets: () => [
      {
        // Refused callers try a laxer rule; the admin sets the default again (the demo runs on it).
        label: "the community",
        args: () => [ids.community, false, null, form({ minDimensionMean: "1", minSatisfiedShare: "10", minResidentAnswers: "1" })],
        allowed: ["admin"],
        live: { who: "admin", args: () => [ids.community, true, null, form({ minDimensionMean: "3.5", minSatisfiedShare: "80", minResidentAnswers: "5", requireAllSupervisors: "on" })] },
      },
    ],
  },

  // ── 议题发起: topic.propose = lives in the grid, its staff, the property firm, the owners' committee, the admin.
  {
    file: "app/topics/new/actions.ts",
    name: "proposeAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [null, form({ gridId: ids.grid[g], agendaItemId: ids.item, title: title(`附议${g}`), description: doc("安全测试用的议题，检查每个操作的权限。"), photos: tinyPng() })],
        allowed: g === 1 ? ["owner1", "chief", "worker", "firm", "committee", "admin"] : ["resident2", "firm", "committee", "admin"],
        // The property firm's proposal collects co-signatures (only staff and the committee skip that).
        live: { who: "firm", check: (r) => void (w[`cosign${g}`] = redirectId(r, /^\/topics\/(\d+)$/)) },
        // An item the admin switched off above: refused as "not in the catalog", after the policy.
        probe: () => [null, form({ gridId: ids.grid[g], agendaItemId: w.item, title: title("探测"), description: doc("安全测试用的议题，检查每个操作的权限。") })],
      })),
  },
  // topic.cosign = lives in the topic's grid (not the admin, not staff).
  {
    file: "app/topics/[id]/actions.ts",
    name: "cosignAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`cosign${g}`], null, form({})], allowed: [dweller(g)], live: { who: dweller(g) } })),
  },
  // topic.manage = the topic's owners among staff: grid staff for a grid-level topic, the admin always.
  {
    file: "app/topics/[id]/actions.ts",
    name: "admitAction",
    targets: () =>
      grids.map((g) => ({ label: gridLabel(g), args: () => [M(g), null, form({ level: "grid", note: "" })], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" })),
  },
  {
    file: "app/topics/[id]/actions.ts",
    name: "rejectAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        // confirmed=1: the step itself (without it the action only previews, see lib/actions/two-step.ts).
        args: () => [w[`reject${g}`], null, form({ reason: "安全测试：不属于议事范围", confirmed: "1" })],
        allowed: staffOf(g),
        live: { who: g === 1 ? "worker" : "admin" },
        probe: "after",
      })),
  },
  {
    file: "app/topics/[id]/actions.ts",
    name: "mergeAction",
    targets: () =>
      grids.map((g) => ({ label: gridLabel(g), args: () => [w[`merge${g}`], null, form({ intoTopicId: M(g), note: "", confirmed: "1" })], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" })),
  },
  {
    file: "app/topics/[id]/actions.ts",
    name: "escalateAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [w[`escalate${g}`], null, form({ reason: "涉及全社区" })],
        allowed: staffOf(g),
        live: { who: liveStaff(g) },
        // Before the live call (after it the grid staff no longer own the topic): a topic still collecting co-signatures cannot be escalated.
        probe: () => [w[`cosign${g}`], null, form({ reason: "涉及全社区" })],
      })),
  },

  // ── 议事协商
  // opinion.post = lives in the grid, its staff, the firm, the committee, the admin, supervisors, invited people.
  {
    file: "app/topics/[id]/_opinions/actions.ts",
    name: "postOpinionAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [M(g), null, null, form({ stance: "support", body: "安全测试：我支持这个议题。" })],
        allowed: g === 1 ? ["owner1", "chief", "worker", "firm", "committee", "supervisor", "admin"] : ["resident2", "firm", "committee", "supervisor", "admin"],
        live: { who: dweller(g), check: (r) => void (w[`opinion${g}`] = data(r).opinionId as number) },
        // A reply to an opinion that does not exist: "not found", after the policy.
        probe: () => [M(g), 99_999_999, null, form({ body: "安全测试：回复。" })],
      })),
  },
  {
    file: "app/topics/[id]/_opinions/actions.ts",
    name: "hideOpinionAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [M(g), w[`opinion${g}`], null, form({ reason: "安全测试：隐藏" })],
        allowed: staffOf(g),
        live: { who: g === 1 ? "worker" : "admin" },
        probe: "after", // opinionAlreadyHidden
      })),
  },
  {
    file: "app/topics/[id]/_opinions/actions.ts",
    name: "inviteAction",
    targets: () => [
      // Each grid's topic invites the other grid's dweller, who may then speak there (see the plan comments below).
      ...grids.map((g) => ({
        label: gridLabel(g),
        args: () => [M(g), [ids.person[dweller(g === 1 ? 2 : 1) as "owner1"]], null, form({ note: "" })],
        allowed: staffOf(g),
        live: { who: liveStaff(g) },
        probe: () => [M(g), [99_999_999], null, form({ note: "" })], // inviteeNotFound
      })),
      {
        // 大事不出社区: once escalated, grid 1's staff no longer manage their grid's topic.
        label: "community-level topic in grid 1",
        args: () => [w.escalate1, [ids.person.resident2], null, form({ note: "" })],
        allowed: ["admin"],
        probe: () => [w.escalate1, [99_999_999], null, form({ note: "" })],
      },
    ],
  },
  {
    file: "app/topics/[id]/_drafting/actions.ts",
    name: "startDraftingAction",
    targets: () => [
      ...grids.map((g) => ({ label: gridLabel(g), args: () => [M(g), null, form({})], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
      { label: "community-level topic in grid 1", args: () => [w.escalate1, null, form({})], allowed: ["admin"], live: { who: "admin" } },
    ],
  },

  // ── 议事会: meeting.manage = the grid's staff or the admin; a community meeting the admin only.
  {
    file: "app/meetings/actions.ts",
    name: "scheduleMeetingAction",
    targets: () => [
      ...grids.map((g) => {
        const fields = (topicId: number) =>
          form({ gridId: ids.grid[g], title: title(`议事会${g}`), startsAt: new Date(Date.now() - 3600_000).toISOString(), durationMinutes: "60", place: "社区议事厅", topicIds: [topicId], personIds: [ids.person[dweller(g) as "owner1"]] });
        return {
          label: gridLabel(g),
          args: () => [null, fields(M(g))],
          allowed: staffOf(g),
          live: { who: liveStaff(g), check: (r: ActionResponse) => void (w[`meeting${g}`] = redirectId(r, /^\/meetings\/(\d+)$/)) },
          probe: () => [null, fields(w[`reject${g}`]!)], // a rejected topic cannot go on the agenda
        };
      }),
      {
        label: "community-level meeting",
        args: () => [null, form({ communityId: ids.community, title: title("社区议事会"), startsAt: new Date(Date.now() + day).toISOString(), place: "社区议事厅", topicIds: [w.escalate1!] })],
        allowed: ["admin"],
        probe: () => [null, form({ communityId: ids.community, title: title("社区议事会"), startsAt: new Date(Date.now() + day).toISOString(), place: "社区议事厅", topicIds: [w.reject1!] })],
      },
    ],
  },
  // Only the invitee answers an invitation (lib/meetings/respond-to-invitation.ts: notInvited).
  {
    file: "app/meetings/[id]/actions.ts",
    name: "respondAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`meeting${g}`], "attending", null, form({})], allowed: [dweller(g)], personal: true as const, live: { who: dweller(g) } })),
  },
  {
    file: "app/meetings/[id]/actions.ts",
    name: "updateMeetingAction",
    targets: () =>
      grids.map((g) => {
        const fields = (place: string) => form({ title: title(`议事会${g}`), startsAt: new Date(Date.now() - 3600_000).toISOString(), durationMinutes: "60", place });
        return { label: gridLabel(g), args: () => [w[`meeting${g}`], null, fields("社区议事厅二楼")], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const };
      }),
  },
  {
    file: "app/meetings/[id]/actions.ts",
    name: "openCheckInAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`meeting${g}`], null, form({ validMinutes: "30" })], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
  },
  {
    // meeting.checkin: every verified member of the community, with the room's live code (opened just
    // above). Refused callers and the probes send a wrong code: the policy answers first, then the code.
    file: "app/meetings/[id]/check-in/actions.ts",
    name: "checkInAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [w[`meeting${g}`], "wrong-code", null, form({})],
        allowed: members,
        live: { who: checkedInWithCode(g), args: () => [w[`meeting${g}`], liveCheckInCode(w[`meeting${g}`]!), null, form({})] },
        probe: () => [w[`meeting${g}`], "wrong-code", null, form({})],
      })),
  },
  {
    file: "app/meetings/[id]/actions.ts",
    name: "attendanceAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [w[`meeting${g}`], ids.person[dweller(g) as "owner1"], true, null, form({})],
        allowed: staffOf(g),
        live: { who: liveStaff(g) },
        probe: "after", // already present: nothing changes
      })),
  },
  // The live room (app/meetings/[id]/chair, live): the chair's commands are meeting.chair = the
  // meeting's grid staff, the admin or a designated chair (lib/meetings/room/room-access.ts); asking
  // for the floor is for people checked in (speakNotCheckedIn) — here each grid's dweller, ticked
  // present just above. The order is the meeting's: start, agenda, speaking time, queue, conclusion,
  // vote, end — all before the minutes are published and grid 2's meeting is cancelled below.
  ...chairRows("quorumAction", (g) => [w[`meeting${g}`], null, form({ quorumRequired: "2" })]), // before the start: the quorum is agreed first
  ...chairRows("startMeetingAction", (g) => [w[`meeting${g}`], null, form({})]), // again: roomNotWaiting
  ...chairRows("moveAgendaAction", (g) => [w[`meeting${g}`], w[`agendaItem${g}`], null, form({})]),
  ...chairRows("speakingTimeAction", (g) => [w[`meeting${g}`], null, form({ minutes: "2" })]),
  {
    file: "app/meetings/[id]/live/actions.ts",
    name: "requestToSpeakAction",
    // Checked in: each grid's dweller (ticked present) and whoever checked in with the live code
    // (checkInAction's live caller above); the latter repeats it for themselves after the dweller.
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`meeting${g}`], null, form({})], allowed: [dweller(g), checkedInWithCode(g)], personal: true as const, live: { who: dweller(g) }, probe: "after" as const })),
  },
  {
    file: "app/meetings/[id]/live/actions.ts",
    name: "withdrawRequestAction",
    // Checked in: each grid's dweller (ticked present) and whoever checked in with the live code
    // (checkInAction's live caller above); the latter repeats it for themselves after the dweller.
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`meeting${g}`], null, form({})], allowed: [dweller(g), checkedInWithCode(g)], personal: true as const, live: { who: dweller(g) }, probe: "after" as const })),
  },
  ...chairRows("skipSpeakerAction", (g) => [w[`meeting${g}`], w[`speaker${g}`], null, form({})]), // again: speakerNotWaiting
  ...chairRows("grantFloorAction", (g) => [w[`meeting${g}`], w[`speaker${g}`], null, form({})]),
  ...chairRows("endTurnAction", (g) => [w[`meeting${g}`], null, form({})]), // again: speakerNone
  ...chairRows("conclusionAction", (g) => [w[`meeting${g}`], w[`agendaItem${g}`], null, form({ conclusion: "同意进入方案制定" })]),
  // No vote can be opened on a topic still before drafting: every chair is shown to pass the policy
  // by the later refusal, and closing a ballot that is not the meeting's by its "not found".
  {
    file: "app/meetings/[id]/chair/actions.ts",
    name: "openVoteAction",
    targets: () =>
      grids.map((g) => {
        const args = () => [w[`meeting${g}`], w[`agendaItem${g}`], null, form({ kind: "single", planIds: String(w.anyPlan), minutes: "15" })];
        return { label: gridLabel(g), args, allowed: staffOf(g), probe: args };
      }),
  },
  {
    file: "app/meetings/[id]/chair/actions.ts",
    name: "closeVoteAction",
    targets: () =>
      grids.map((g) => {
        const args = () => [w[`meeting${g}`], 999_999, null, form({})];
        return { label: gridLabel(g), args, allowed: staffOf(g), probe: args };
      }),
  },
  ...chairRows("endMeetingAction", (g) => [w[`meeting${g}`], null, form({})]), // again: roomNotRunning
  {
    file: "app/meetings/[id]/actions.ts",
    name: "closeCheckInAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`meeting${g}`], null, form({})], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
  },
  // The room PC's projector link (lib/meetings/room/display-code.ts): meeting.chair = the meeting's
  // grid staff or the admin (no designated chair here). Issuing again, and revoking again, is allowed.
  {
    file: "app/meetings/[id]/projector/actions.ts",
    name: "issueDisplayLinkAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`meeting${g}`], null, form({})], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
  },
  {
    file: "app/meetings/[id]/projector/actions.ts",
    name: "revokeDisplayLinksAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`meeting${g}`], null, form({})], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
  },
  {
    file: "app/meetings/[id]/actions.ts",
    name: "minutesAction",
    targets: () =>
      grids.map((g) => ({
        // Grid 1's minutes are published; grid 2's stay a draft, so that meeting can be cancelled below.
        label: `${gridLabel(g)}, ${g === 1 ? "publish" : "save draft"}`,
        args: () => [w[`meeting${g}`], null, form({ body: doc("会议讨论了安全测试议题。"), [`discussion.${M(g)}`]: "大家同意", [`conclusion.${M(g)}`]: "进入方案制定", ...(g === 1 ? { intent: "publish" } : {}) })],
        allowed: staffOf(g),
        live: { who: liveStaff(g) },
        probe: "after", // grid 1: minutesAlreadyPublished
      })),
  },
  {
    file: "app/meetings/[id]/actions.ts",
    name: "cancelMeetingAction",
    targets: () => [
      { label: gridLabel(1), args: () => [w.meeting1, null, form({})], allowed: gridOneStaff, probe: () => [w.meeting1, null, form({})] }, // minutes published: over
      { label: gridLabel(2), args: () => [w.meeting2, null, form({})], allowed: ["admin"], live: { who: "admin" } },
    ],
  },
  {
    file: "app/meetings/actions.ts",
    name: "setCouncilDayAction",
    targets: () =>
      grids.map((g) => ({
        // Refused callers try to move the council day; the live call sets the demo's own day again.
        label: gridLabel(g),
        args: () => [ids.grid[g], null, form({ councilDay: "3" })],
        allowed: staffOf(g),
        live: { who: liveStaff(g), args: () => [ids.grid[g], null, form({ councilDay: g === 1 ? "15" : "10" })] },
        probe: () => [ids.grid[g], null, form({ councilDay: g === 1 ? "15" : "10" })], // the same day again: no post-policy check to trip
      })),
  },

  // ── 方案制定: plan.draft = the topic's staff, the firm, the committee (residents only when alternatives are allowed).
  {
    file: "app/topics/[id]/plans/actions.ts",
    name: "draftPlanAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [M(g), null, form(plan)],
        allowed: g === 1 ? ["chief", "worker", "admin", "firm", "committee"] : ["admin", "firm", "committee"],
        live: { who: g === 1 ? "firm" : "committee", check: (r) => void (w[`plan${g}`] = redirectId(r, /\/plans\/(\d+)$/)) },
        probe: () => [M(g), null, form({ ...plan, responsible: "org:99999999" })], // responsibleNotFound
      })),
  },
  // The plan's author, or staff who own the topic (lib/plans: mayRevisePlan).
  {
    file: "app/topics/[id]/plans/actions.ts",
    name: "revisePlanAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [M(g), w[`plan${g}`], 1, null, form({ ...plan, note: "安全测试修改" })],
        allowed: g === 1 ? ["firm", "chief", "worker", "admin"] : ["committee", "admin"],
        live: { who: g === 1 ? "firm" : "committee" },
        probe: "after", // the plan moved on from revision 1: planChangedMeanwhile
      })),
  },
  // plan.comment = as opinion.post; each topic invited the other grid's dweller above.
  {
    file: "app/topics/[id]/plans/actions.ts",
    name: "commentOnPlanAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [M(g), w[`plan${g}`], null, form({ body: "安全测试：这个方案可行。" })],
        allowed: g === 1 ? ["owner1", "resident2", "chief", "worker", "firm", "committee", "supervisor", "admin"] : ["resident2", "owner1", "firm", "committee", "supervisor", "admin"],
        // In grid 2 owner1 comments as the invited guest, not as a dweller.
        ...(g === 2 ? { personal: true as const } : {}),
        live: { who: dweller(g) },
        probe: "after", // each adds a comment on the test's own plan
      })),
  },
  {
    file: "app/topics/[id]/_drafting/actions.ts",
    name: "setAlternativesAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [M(g), true, null, form({})], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
  },

  // ── 表决: ballot.manage = the topic's owners among staff; votes by the electorate only.
  {
    file: "app/ballots/actions.ts",
    name: "openBallotAction",
    targets: () =>
      grids.map((g) => {
        const fields = (closesAt: Date) => form({ kind: "single", planIds: [w[`plan${g}`]!], electorateKind: "gridResidents", secret: "on", closesAt: closesAt.toISOString() });
        return {
          label: gridLabel(g),
          args: () => [M(g), null, fields(new Date(Date.now() + 3 * day))],
          allowed: staffOf(g),
          live: { who: liveStaff(g), check: (r: ActionResponse) => void (w[`ballot${g}`] = redirectId(r, /^\/ballots\/(\d+)$/)) },
          probe: () => [M(g), null, fields(new Date(Date.now() - day))], // ballotClosesInPast
        };
      }),
  },
  {
    file: "app/ballots/actions.ts",
    name: "castVoteAction",
    targets: () =>
      grids.map((g) => ({
        // Everyone tries to cast the dweller's own vote (the elector is a bound argument, so anyone can send it).
        label: gridLabel(g),
        args: () => [w[`ballot${g}`], `person:${ids.person[dweller(g) as "owner1"]}`, null, form({ choice: g === 1 ? "disagree" : "agree" })],
        allowed: [dweller(g)],
        personal: true as const,
        live: { who: dweller(g) },
      })),
  },
  {
    file: "app/ballots/actions.ts",
    name: "paperBallotAction",
    targets: () => [
      {
        label: gridLabel(1),
        args: () => [w.ballot1, null, form({ electorKey: `person:${w.neighbour}`, choice: "disagree", witness: "王监票" })],
        allowed: gridOneStaff,
        live: { who: "worker" },
        probe: "after", // alreadyVoted
      },
      // Grid 2's only elector voted online: the admin's paper ballot for them is refused as already voted.
      { label: gridLabel(2), args: () => [w.ballot2, null, form({ electorKey: `person:${ids.person.resident2}`, choice: "agree", witness: "王监票" })], allowed: ["admin"], probe: () => [w.ballot2, null, form({ electorKey: `person:${ids.person.resident2}`, choice: "agree", witness: "王监票" })] },
    ],
  },
  {
    file: "app/ballots/actions.ts",
    name: "recordProxyAction",
    targets: () => [
      {
        label: gridLabel(1),
        args: () => [w.ballot1, null, form({ electorKey: `person:${w.principal}`, proxyPersonId: w.proxy, note: "", scan: tinyPng("scan.png") })],
        allowed: gridOneStaff,
        live: { who: "chief" },
        probe: "after", // proxyExists
      },
      {
        label: gridLabel(2),
        args: () => [w.ballot2, null, form({ electorKey: `person:${ids.person.resident2}`, proxyPersonId: ids.person.owner1, note: "", scan: tinyPng("scan.png") })],
        allowed: ["admin"],
        probe: () => [w.ballot2, null, form({ electorKey: `person:${ids.person.resident2}`, proxyPersonId: ids.person.resident2, note: "", scan: tinyPng("scan.png") })], // proxyIsMember
      },
    ],
  },
  {
    file: "app/ballots/actions.ts",
    name: "closeBallotAction",
    // Grid 1's two votes disagree (it fails); grid 2's one vote agrees (it passes).
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`ballot${g}`], M(g), null, form({})], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
  },
  {
    file: "app/topics/[id]/_drafting/actions.ts",
    name: "afterFailedVoteAction",
    targets: () => [
      { label: gridLabel(1), args: () => [M(1), null, form({ decision: "redraft", reason: "安全测试：重新起草" })], allowed: gridOneStaff, live: { who: "chief" }, probe: "after" },
      // Grid 2's vote passed: the admin's decision is refused by the state machine, after the policy.
      { label: gridLabel(2), args: () => [M(2), null, form({ decision: "redraft", reason: "安全测试：重新起草" })], allowed: ["admin"], probe: () => [M(2), null, form({ decision: "redraft", reason: "安全测试：重新起草" })] },
    ],
  },

  // ── 问题解决: the topic's owners among staff dispatch; the assignee takes, declines and reports.
  {
    file: "app/tasks/actions.ts",
    name: "startImplementationAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [M(g), null, form({})], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
  },
  {
    file: "app/tasks/actions.ts",
    name: "createTaskAction",
    targets: () =>
      grids.map((g) => {
        const fields = (dueOn: string) => form({ title: "更换破损设施", description: "", assignee: `organisation:${ids.firmOrg}`, dueOn });
        return {
          label: gridLabel(g),
          args: () => [M(g), null, fields(beijingDate(14))],
          allowed: staffOf(g),
          live: { who: liveStaff(g), check: (r: ActionResponse) => void (w[`taskA${g}`] = data(r).taskId as number) },
          probe: () => [M(g), null, fields(beijingDate(-3))], // taskDueInPast
        };
      }),
  },
  // Only the assignee (the firm, for task A) takes it: not even the staff who dispatched it.
  {
    file: "app/tasks/actions.ts",
    name: "takeTaskAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`taskA${g}`], M(g), null, form({})], allowed: ["firm"], live: { who: "firm" } })),
  },
  {
    file: "app/tasks/actions.ts",
    name: "declineTaskAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`taskB${g}`], M(g), null, form({ reason: "安全测试：人手不够" })], allowed: [dweller(g)], personal: true as const, live: { who: dweller(g) } })),
  },
  {
    file: "app/tasks/actions.ts",
    name: "reassignTaskAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [w[`taskB${g}`], M(g), null, form({ assignee: "open" })],
        allowed: staffOf(g),
        live: { who: liveStaff(g) },
        probe: () => [w[`taskB${g}`], M(g), null, form({ assignee: "open", dueOn: beijingDate(-3) })], // taskDueInPast
      })),
  },
  // 揭榜挂帅: anyone verified in the task's community may claim an open task.
  {
    file: "app/tasks/actions.ts",
    name: "claimTaskAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [w[`taskB${g}`], M(g), null, form({})], allowed: members, live: { who: dweller(g) }, probe: "after" as const })),
  },
  {
    file: "app/tasks/actions.ts",
    name: "reportProgressAction",
    targets: () =>
      grids.flatMap((g) =>
        (["A", "B"] as const).map((k) => ({
          // The last completion of a grid sends its topic under review.
          label: `${gridLabel(g)}, task ${k} (${k === "A" ? "the firm's" : "claimed by the dweller"})`,
          args: () => [w[`task${k}${g}`], M(g), null, form({ body: "已全部更换完毕，现场已清理干净。", percent: "100", completes: "on", photos: tinyPng() })],
          allowed: [k === "A" ? "firm" : dweller(g)],
          personal: true as const,
          live: { who: k === "A" ? "firm" : dweller(g) },
        })),
      ),
  },

  // ── 监督评价
  {
    file: "app/topics/[id]/_review/actions.ts",
    name: "assignSupervisorsAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [M(g), null, form({ personIds: [ids.person.supervisor] })],
        allowed: staffOf(g),
        live: { who: liveStaff(g) },
        probe: () => [M(g), null, form({ personIds: [ids.person.owner1] })], // notASupervisor
      })),
  },
  // Staff record why an assigned supervisor cannot rate this round (before the supervisor rates:
  // a rating given after an excusal still counts). After the live call: supervisorAlreadyExcused.
  {
    file: "app/topics/[id]/_review/actions.ts",
    name: "excuseSupervisorAction",
    targets: () =>
      grids.map((g) => ({ label: gridLabel(g), args: () => [M(g), ids.person.supervisor, null, form({ reason: "安全测试：外出无法评价" })], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
  },
  // Only a supervisor assigned to the topic rates it.
  {
    file: "app/ratings/[topicId]/actions.ts",
    name: "rateTopicAction",
    targets: () =>
      grids.map((g) => ({
        label: gridLabel(g),
        args: () => [M(g), null, form({ process: "5", timeliness: "5", quality: "5", transparency: "5", satisfaction: "5", comment: "安全测试：办得很好", photos: tinyPng() })],
        allowed: ["supervisor"],
        live: { who: "supervisor" },
      })),
  },
  // Residents' satisfaction: topic.cosign, i.e. lives in the topic's grid.
  {
    file: "app/topics/[id]/_review/actions.ts",
    name: "answerSatisfactionAction",
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [M(g), null, form({ answer: "satisfied", comment: "" })], allowed: [dweller(g)], live: { who: dweller(g) } })),
  },
  {
    file: "app/topics/[id]/_review/actions.ts",
    name: "concludeReviewAction",
    // Grid 1 meets the close rule (five answers) and closes; grid 2 (one answer) goes back for rectification.
    targets: () => grids.map((g) => ({ label: gridLabel(g), args: () => [M(g), null, form({ reviewOn: "", confirmed: "1" })], allowed: staffOf(g), live: { who: liveStaff(g) }, probe: "after" as const })),
  },
  {
    file: "app/topics/[id]/_review/actions.ts",
    name: "recordReviewCheckAction",
    targets: () => [
      {
        label: gridLabel(1),
        args: () => [M(1), null, form({ outcome: "held", note: "回访正常" })],
        allowed: gridOneStaff,
        live: { who: "chief" },
        probe: () => [M(1), null, form({ outcome: "failed", note: "" })], // reopening needs a reason
      },
      { label: gridLabel(2), args: () => [M(2), null, form({ outcome: "held", note: "回访正常" })], allowed: ["admin"], probe: "after" }, // not closed: reviewCheckNotOpen
    ],
  },

  // ── Inbox: one's own messages only.
  {
    file: "app/inbox/actions.ts",
    name: "markAllReadAction",
    targets: () => [
      {
        label: "one's own inbox",
        args: () => [],
        allowed: signedIn,
        live: { who: "pending" },
        probe: { skip: "marking the demo accounts' messages read would change what other test files see; the use case scopes its UPDATE to the caller" },
      },
    ],
  },
  {
    file: "app/inbox/actions.ts",
    name: "openNotificationAction",
    // Refused or not found, the action sends the caller back to /inbox; opened, to where the message leads.
    judge: (r) => (r.redirect === "/inbox" ? { kind: "refused", key: "notificationNotFound" } : outcomeOf(r)),
    targets: () => [
      {
        label: "a message of owner1",
        args: () => [w.message],
        allowed: ["owner1"],
        personal: true,
        live: { who: "owner1", check: (r) => expect(r.redirect).toMatch(/^\/topics\/\d+/) },
      },
    ],
  },
  // Reminders (issue 14). Everyone verified sets their own reminder kinds (lib/notify/reminder-settings.ts:
  // requireVerified, the actor's own rows only); receiving every kind mutes nothing, so the calls change no one's settings.
  {
    file: "app/account/actions.ts",
    name: "saveReminderSettingsAction",
    targets: () => [
      {
        label: "own reminders",
        args: () => [null, form({ receive: ["ballotClosing", "meetingTomorrow", "cosignClosing", "taskDue", "taskOverdue", "ratingDue"] })],
        allowed: members,
        live: { who: "committee" },
        probe: "after",
      },
    ],
  },
  // Retrying a failed message: community admins (message.manage = isCommunityAdmin), refused to everyone
  // else before the message is looked up. The demo server has no SMS, so no message fails: the admin,
  // past the policy, is told there is no such message.
  {
    file: "app/admin/messages/actions.ts",
    name: "retryMessageAction",
    targets: () => [{ label: "a message id", args: () => [999_999_999, null], allowed: ["admin"], probe: () => [999_999_999, null] }],
  },
  // Activation codes by SMS, for the scopes of the letters (activation.issue; the whole community: admins).
  // SMS is off on the demo server: the admin is answered smsOff, after the policy, and no code is issued.
  {
    file: "app/admin/activation/actions.ts",
    name: "sendCodesBySmsAction",
    targets: () => [
      {
        label: "the whole community",
        args: () => [ids.community, null, form({ scope: "", expiresInDays: "30" })],
        allowed: ["admin"],
        probe: () => [ids.community, null, form({ scope: "", expiresInDays: "30" })],
      },
    ],
  },
];

/** Setup between entries, through the JSON API, where the loop needs a step no action of this file takes. */
const steps: Record<string, () => Promise<void>> = {
  // The live room: each meeting's first agenda item, any plan (for a vote that cannot open yet),
  // and a fresh request to speak from each grid's dweller for the chair to skip, then to grant.
  moveAgendaAction: async () => {
    for (const g of grids) w[`agendaItem${g}`] = lastRow("select id from meeting_agenda_items where meeting_id = ? order by position, id", w[`meeting${g}`]);
    w.anyPlan = lastRow("select id from plans order by id");
  },
  skipSpeakerAction: () => askToSpeak(),
  grantFloorAction: () => askToSpeak(),
  // Before paper ballots and proxies: grid-1 electors other than owner1.
  paperBallotAction: async () => {
    const db = readDb(dbFile);
    try {
      const person = (phone: string) => one<{ id: number }>(db, "select id from people where phone = ?", phone).id;
      w.neighbour = person("13800000102");
      w.principal = person("13800000103");
      w.proxy = person("13800000104");
    } finally {
      db.close();
    }
  },
  // After the failed vote was sent back to drafting: a second ballot on grid 1's plan that passes.
  startImplementationAction: async () => {
    const opened = await setup(phones.chief, `/api/v1/topics/${M(1)}/ballots`, { kind: "single", planIds: [w.plan1], electorateKind: "gridResidents", closesAt: new Date(Date.now() + day).toISOString() });
    const ballotId = opened.ballotId as number;
    await setup(phones.owner1, `/api/v1/ballots/${ballotId}/votes`, { choice: "agree" });
    await voteOutOnPaper(ballotId, await token(phones.chief), "agree");
    await setup(phones.chief, `/api/v1/ballots/${ballotId}/close`);
  },
  // An announced period is kept: each grid's ballot closes now on the "all voted" ground, the rest
  // handed in on paper the way the grid voted (grid 1 against, grid 2 in favour).
  closeBallotAction: async () => {
    for (const g of grids) await voteOutOnPaper(w[`ballot${g}`]!, await token(g === 1 ? phones.chief : phones.admin), g === 1 ? "disagree" : "agree");
  },
  // Task B of each grid, given to the grid's dweller by name (to be declined, reassigned to the board and claimed).
  takeTaskAction: async () => {
    for (const g of grids) {
      const who = g === 1 ? phones.chief : phones.admin;
      const created = await setup(who, `/api/v1/topics/${M(g)}/tasks`, { title: "张贴公告", assignee: `person:${ids.person[dweller(g) as "owner1"]}`, dueOn: beijingDate(14) });
      w[`taskB${g}`] = created.taskId as number;
    }
  },
  // Four more grid-1 residents answer, so that grid 1's topic meets the close rule (≥ 5 answers).
  concludeReviewAction: async () => {
    for (const n of [102, 103, 104, 105]) await setup(`13800000${n}`, `/api/v1/topics/${M(1)}/satisfaction`, { answer: "satisfied" });
  },
  // An unread message of owner1 (the loop above sent several).
  openNotificationAction: async () => {
    w.message = lastRow("select id from notifications where person_id = ? and read_at is null and topic_id is not null order by id desc", ids.person.owner1);
  },
};

/** Each grid's dweller asks for the floor (as the phone's button does); the request waits for the chair. */
async function askToSpeak() {
  const entry = entries.find((e) => e.name === "requestToSpeakAction")!;
  for (const g of grids) {
    const { outcome } = await call(entry, dweller(g), [w[`meeting${g}`], null, form({})]);
    expect(outcome.kind, `asking to speak in grid ${g}: ${show(outcome)}`).toBe("ok");
    w[`speaker${g}`] = lastRow("select id from meeting_speakers where meeting_id = ? and status = 'waiting' order by id desc", w[`meeting${g}`]);
  }
}

describe("every server action, called over HTTP by every kind of caller", () => {
  test("every action of the build and of the source has a row in the matrix", () => {
    const inMatrix = new Set(entries.map((e) => `${e.file}#${e.name}`));
    const built = actions.map((a) => `${a.file}#${a.name}`);
    const source = sourceActions().map((a) => `${a.file}#${a.name}`);
    expect(built.filter((k) => !inMatrix.has(k)), "actions in the build without a matrix row").toEqual([]);
    expect(source.filter((k) => !inMatrix.has(k)), "actions in the source without a matrix row").toEqual([]);
    expect([...inMatrix].filter((k) => !built.includes(k)), "matrix rows for actions the build does not have").toEqual([]);
    expect(new Set(built).size).toBe(actions.length);
    expect(actions.length).toBeGreaterThanOrEqual(60);
  });

  test("a refusal does not depend on the page the call is posted to", async () => {
    // An attacker need not find the form: the action answers on any page, and refuses alike.
    const entry = entries.find((e) => e.name === "setCouncilDayAction")!;
    const args = [ids.grid[1], null, form({ councilDay: "3" })];
    for (const page of ["/", "/meetings", "/sign-in"]) {
      const r = await callAction(baseURL(), actionOf(entry).id, args, cookies.get("owner1"), page);
      expect(outcomeOf(r), page).toEqual({ kind: "refused", key: "forbidden" });
    }
  });

  for (const entry of entries) {
    test(`${entry.file} · ${entry.name}`, async () => {
      await steps[entry.name]?.();
      await runEntry(entry);
    });
  }

  test("every action was exercised: refused where the policy says no, let through by someone where it says yes", () => {
    for (const a of actions) {
      const calls = observed.filter((o) => o.action === a.name);
      expect(calls.some((o) => o.expected === "allowed" && !o.got.startsWith("refused")), `${a.name}: no allowed call passed`).toBe(true);
      expect(calls.filter((o) => o.expected === "refused").every((o) => o.got.startsWith("refused")), `${a.name}: a refused caller got through`).toBe(true);
    }
    expect(observed.filter((o) => o.expected === "refused").length).toBeGreaterThan(400);
  });
});
