import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { api, apiToken, baseURL, sessionCookie } from "./browser";
import { changes, readDb, snapshot, type Snapshot } from "./security-actions-helpers";
import { buildPageRoutes, contains, getPage, msg, pool, sourcePageRoutes, type PageAnswer } from "./security-pages-helpers";
import { ensureProxyCallers, proxyCallerPhones, proxyCallers, type ProxyCaller } from "./security-proxy-helpers";

/**
 * The page-access matrix: every page route (enumerated from app/**\/page.tsx and from the build's
 * route manifest), each as ten callers and the two proxy holders of security-proxy-helpers.ts
 * (a grid-1 owner and a grid-1 worker, each holding a written proxy for a neighbour who then voted
 * in person: no page may show them that choice), with GET requests only:
 *
 *   anon       signed out                       pending     13800000302, registration not verified
 *   owner1     13800000101, owner in grid 1     resident2   13800000201, resident of grid 2
 *   chief      13800000001, grid 1's chief      worker      13800000002, grid 1's worker
 *   firm       13800000003, property firm       committee   13800000004, owners' committee
 *   supervisor 13800000005, civilian supervisor admin       13800000000, community admin
 *
 * For each page and each concrete resource (a topic at every stage, plans, ballots, meetings, a
 * task, a notice, a person, a building, a grid — in grid 1 and, made here through the API, in
 * grid 2) every caller's outcome is stated: `shows` (200 and a marker of the real content) or a
 * refusal — a redirect to sign-in, a 404, or the page's own "not allowed / not verified" text —
 * and then none of the content markers of the callers who are shown the page may appear.
 * Secrets are checked per caller: a hidden opinion's text, draft minutes, a meeting's check-in
 * code and invitation list, another grid's pending registration, staff-only panels — present for
 * the callers entitled to them, absent for everyone else. Across every answer: no one sees a phone
 * number but their own except on the staff pages made for it, and no ballot choice appears but the
 * reader's own. Finally the database (every row of every table) is what it was before the GETs.
 *
 * Expectations are derived from lib/auth/policy.ts and the page code (cited where not obvious).
 */

type Who = "anon" | "pending" | "owner1" | "resident2" | "chief" | "worker" | "firm" | "committee" | "supervisor" | "admin" | ProxyCaller;
const everyone: Who[] = ["anon", "pending", "owner1", "resident2", "chief", "worker", "firm", "committee", "supervisor", "admin", ...proxyCallers];
const phones: Record<Exclude<Who, "anon">, string> = {
  pending: "13800000302",
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
/**
 * The holders of a written proxy on the demo's open ballot (security-proxy-helpers.ts): outside
 * ballots a grid-1 owner like owner1 and a grid-1 worker; a case that names owner1 or worker names them too.
 */
const sameRightsAs: Partial<Record<Who, Who>> = { proxy: "owner1", staffProxy: "worker" };
const entitled = (list: readonly Who[] | undefined, who: Who) => !!list && (list.includes(who) || (sameRightsAs[who] !== undefined && list.includes(sameRightsAs[who]!)));
/** Verified members of the community. */
const members: Who[] = everyone.filter((w) => w !== "anon" && w !== "pending");
/** Staff who own grid-1 topics and meetings (policy: isGridStaffOf, isCommunityAdmin). */
const gridOneStaff: Who[] = ["chief", "worker", "admin", "staffProxy"];

// ── Expectations

type Expect =
  | { kind: "signIn" }
  | { kind: "home" }
  | { kind: "notFound" }
  | { kind: "refused"; text: string }
  | { kind: "shows"; markers: string[] };

const signIn: Expect = { kind: "signIn" };
const home: Expect = { kind: "home" };
const notFound: Expect = { kind: "notFound" };
const refused = (key: string): Expect => ({ kind: "refused", text: msg(key) });
const shows = (...markers: string[]): Expect => ({ kind: "shows", markers });

/** Expectations per caller: named callers first, then groups, then `rest`. */
function matrix(spec: Partial<Record<Who, Expect>> & { members?: Expect; staff?: Expect; rest?: Expect }): Record<Who, Expect> {
  const out = {} as Record<Who, Expect>;
  for (const w of everyone) {
    const e = spec[w] ?? (sameRightsAs[w] ? spec[sameRightsAs[w]!] : undefined) ?? (gridOneStaff.includes(w) ? spec.staff : undefined) ?? (members.includes(w) ? spec.members : undefined) ?? spec.rest;
    if (!e) throw new Error(`no expectation for ${w}`);
    out[w] = e;
  }
  return out;
}

/** Something only some callers may read on a page; `shown` false when it is not in the page's text even for them (e.g. only inside a QR image). */
type Secret = { what: string; text: string; visibleTo: Who[]; shown?: boolean };

type Case = {
  route: string;
  label: string;
  url: string;
  expect: Record<Who, Expect>;
  secrets?: Secret[];
  /** Callers who may see other people's phone numbers here (staff lists made for it). */
  phonesFor?: Who[];
  /** Callers who may see a ballot choice here: their own vote. */
  choicesFor?: Who[];
};

// ── The world

let dbFile: string;
const cookies = new Map<Who, string | undefined>();
const suffix = String(Date.now()).slice(-6);
const mark = (s: string) => `${s}${suffix}`;

const id = {
  grid1: 0,
  grid2: 0,
  building1: 0,
  building2: 0,
  item: 0,
  person: {} as Record<Exclude<Who, "anon">, number>,
  owner102: 0,
  /** The display number of 13800000302, waiting in grid 1. */
  pendingNumber: "",
  invitee: 0,
  inviteeName: "",
  /** Someone the meeting staff look up to tick off (?who=): the hit shows the display number. */
  searchName: "",
  searchNumber: "",
  topic: {} as Record<string, number>,
  plan: {} as Record<string, number>,
  ballot: {} as Record<string, number>,
  task: 0,
  taskTitle: "",
  notice: 0,
  noticeTitle: "",
};
/** What the setup made: ids, codes and the texts that must stay secret. */
const made = {
  t2: 0,
  p2: 0,
  t2v: 0,
  b2: 0,
  m1: 0,
  m2: 0,
  code1: "",
  code2: "",
  pending2Phone: "",
  /** The co-sign share card of the demo's proposed topic, as its page offers it (the key is the server's). */
  sharePath: "",
};
const text = {
  t2: mark("第二网格健身器材更新"),
  p2: mark("第二网格健身器材更换方案"),
  t2v: mark("第二网格快递柜选址"),
  pv: mark("快递柜设在北门方案"),
  hiddenGrid1: mark("网格一被隐藏的意见原文"),
  hiddenCommunity: mark("社区级议题被隐藏的意见原文"),
  hiddenGrid2: mark("网格二被隐藏的意见原文"),
  m1: mark("第一网格议事会"),
  m2: mark("第二网格议事会"),
  disc1: mark("第一网格纪要草稿讨论内容"),
  disc2: mark("第二网格纪要草稿讨论内容"),
  pending2Name: "钱待核",
};
/** Every phone number of the database, to find any in a page. */
let allPhones: string[] = [];
let before: Snapshot;

const day = 86_400_000;
const doc = (s: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: s }] }] });
const tokens = new Map<string, string>();

/** A setup call through the JSON API as the right role; it must succeed. */
async function setup(phone: string, path: string, body: unknown = {}, method = "POST"): Promise<Record<string, unknown>> {
  if (!tokens.has(phone)) tokens.set(phone, await apiToken(phone));
  const res = await api(path, { method, token: tokens.get(phone), body });
  if (res.status >= 300) throw new Error(`setup ${method} ${path} as ${phone}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

function one<T>(db: ReturnType<typeof readDb>, sql: string, ...params: unknown[]): T {
  const row = db.prepare(sql).get(...params) as T | undefined;
  if (row === undefined) throw new Error(`no row for ${sql} ${JSON.stringify(params)}`);
  return row;
}

beforeAll(async () => {
  dbFile = inject("dbFile");
  // The proxy callers and their principals' votes (shared with the other matrices), before anyone is looked up.
  await ensureProxyCallers();
  const db = readDb(dbFile);
  try {
    id.grid1 = one<{ id: number }>(db, "select id from grids where code = '01'").id;
    id.grid2 = one<{ id: number }>(db, "select id from grids where code = '02'").id;
    id.building1 = one<{ id: number }>(db, "select id from buildings where grid_id = ? and code = '01'", id.grid1).id;
    id.building2 = one<{ id: number }>(db, "select id from buildings where grid_id = ? and code = '01'", id.grid2).id;
    id.item = one<{ id: number }>(db, "select id from agenda_items where name = '公共设施维修'").id;
    for (const [who, phone] of Object.entries(phones)) id.person[who as Exclude<Who, "anon">] = one<{ id: number }>(db, "select id from people where phone = ?", phone).id;
    id.pendingNumber = one<{ display_number: string }>(db, "select display_number from people where phone = ?", phones.pending).display_number;
    id.owner102 = one<{ id: number }>(db, "select id from people where phone = '13800000102'").id;
    const invitee = one<{ id: number; name: string }>(db, "select id, name from people where phone = '13800000150'");
    id.invitee = invitee.id;
    id.inviteeName = invitee.name;
    const found = one<{ name: string; display_number: string }>(db, "select name, display_number from people where phone = '13800000151'");
    id.searchName = found.name;
    id.searchNumber = found.display_number;
    // The demo's topics by stage (scripts/seed/demo-topics.ts), found by title.
    const topics: Record<string, string> = {
      proposed: "1号楼楼道电动车充电隐患",
      awaiting: "东门外晚上停车位不够",
      consultingCommunity: "3号楼加装电梯",
      rejected: "要求邻居更换装修队",
      implementing: "2号楼单元门禁损坏，外来人员随意进出",
      closed: "西门自行车棚顶棚漏雨",
      drafting: "中心花园绿地被毁种菜",
      voting: "4号楼楼道感应灯不亮",
      underReview: "垃圾分类投放点太少",
    };
    for (const [k, title] of Object.entries(topics)) id.topic[k] = one<{ id: number }>(db, "select id from topics where title = ?", title).id;
    id.plan.doors = one<{ id: number }>(db, "select id from plans where title = '2号楼单元门禁更换方案'").id;
    id.plan.greening = one<{ id: number }>(db, "select id from plans where title = '中心花园绿地恢复方案'").id;
    id.ballot.doors = one<{ id: number }>(db, "select id from ballots where topic_id = ?", id.topic.implementing).id;
    id.ballot.lights = one<{ id: number }>(db, "select id from ballots where topic_id = ?", id.topic.voting).id;
    const task = one<{ id: number; title: string }>(db, "select id, title from tasks where topic_id = ? order by id", id.topic.implementing);
    id.task = task.id;
    id.taskTitle = task.title;
    const notice = one<{ id: number; title: string }>(db, "select id, title from notices where topic_id = ? order by id", id.topic.implementing);
    id.notice = notice.id;
    id.noticeTitle = notice.title;
  } finally {
    db.close();
  }

  const admin = phones.admin;
  // Grid 2 has no topics in the demo: one in drafting with a plan and a hidden opinion …
  made.t2 = (await setup(admin, "/api/v1/topics", { gridId: id.grid2, agendaItemId: id.item, title: text.t2, description: doc("第二网格的健身器材老化，需要更新。") })).topicId as number;
  await setup(admin, `/api/v1/topics/${made.t2}/admit`, { level: "grid" });
  const o2 = (await setup(phones.resident2, `/api/v1/topics/${made.t2}/opinions`, { stance: "suggestion", body: text.hiddenGrid2 })).opinionId as number;
  await setup(admin, `/api/v1/opinions/${o2}/hide`, { reason: "含有不实内容，已隐藏" });
  await setup(admin, `/api/v1/topics/${made.t2}/start-drafting`);
  made.p2 = (await setup(admin, `/api/v1/topics/${made.t2}/plans`, { title: text.p2, body: doc("更换第二网格小广场上老化的健身器材，共六件。"), budget: "0", budgetSource: "none" })).planId as number;
  // … and one being voted on by a named ballot, with the grid-2 resident's vote in it.
  made.t2v = (await setup(admin, "/api/v1/topics", { gridId: id.grid2, agendaItemId: id.item, title: text.t2v, description: doc("快递柜放在哪里更方便。") })).topicId as number;
  await setup(admin, `/api/v1/topics/${made.t2v}/admit`, { level: "grid" });
  await setup(admin, `/api/v1/topics/${made.t2v}/start-drafting`);
  const pv = (await setup(admin, `/api/v1/topics/${made.t2v}/plans`, { title: text.pv, body: doc("在北门内侧空地安装一组智能快递柜，物业负责维护。"), budget: "0", budgetSource: "none" })).planId as number;
  made.b2 = (await setup(admin, `/api/v1/topics/${made.t2v}/ballots`, { kind: "single", planIds: [pv], electorateKind: "gridResidents", secret: false, closesAt: new Date(Date.now() + 3 * day).toISOString() })).ballotId as number;
  await setup(phones.resident2, `/api/v1/ballots/${made.b2}/votes`, { choice: "agree" });

  // Hidden opinions in grid 1: on a grid-level topic (its grid staff read them) and a community-level one (the admin only).
  const o1 = (await setup(phones.owner1, `/api/v1/topics/${id.topic.drafting}/opinions`, { stance: "oppose", body: text.hiddenGrid1 })).opinionId as number;
  await setup(phones.chief, `/api/v1/opinions/${o1}/hide`, { reason: "含有人身攻击内容" });
  const oc = (await setup(phones.owner1, `/api/v1/topics/${id.topic.consultingCommunity}/opinions`, { stance: "oppose", body: text.hiddenCommunity })).opinionId as number;
  await setup(admin, `/api/v1/opinions/${oc}/hide`, { reason: "含有人身攻击内容" });

  // A meeting in each grid, with an invitee, draft minutes and self check-in open.
  const startsAt = new Date(Date.now() + day).toISOString();
  made.m1 = (await setup(phones.chief, "/api/v1/meetings", { gridId: id.grid1, title: text.m1, startsAt, place: "社区议事厅", topicIds: [id.topic.drafting], personIds: [id.invitee] })).meetingId as number;
  await setup(phones.chief, `/api/v1/meetings/${made.m1}/minutes`, { agenda: [{ topicId: id.topic.drafting, discussion: text.disc1 }] }, "PUT");
  made.code1 = (await setup(phones.chief, `/api/v1/meetings/${made.m1}/check-in/open`, { validMinutes: 240 })).code as string;
  made.m2 = (await setup(admin, "/api/v1/meetings", { gridId: id.grid2, title: text.m2, startsAt, place: "第二网格活动室", topicIds: [made.t2] })).meetingId as number;
  await setup(admin, `/api/v1/meetings/${made.m2}/minutes`, { agenda: [{ topicId: made.t2, discussion: text.disc2 }] }, "PUT");
  made.code2 = (await setup(admin, `/api/v1/meetings/${made.m2}/check-in/open`, { validMinutes: 240 })).code as string;

  // A registration waiting in grid 2: the grid-1 staff must not see it.
  const db2 = readDb(dbFile);
  let unit: { id: number };
  try {
    unit = one<{ id: number }>(
      db2,
      `select u.id from units u where u.building_id = ? and not exists (select 1 from roles r where r.unit_id = u.id)
         and not exists (select 1 from people p where p.claimed_unit_id = u.id) order by u.id desc`,
      id.building2,
    );
  } finally {
    db2.close();
  }
  made.pending2Phone = `1370${suffix}${String(Math.floor(Math.random() * 10))}`;
  const reg = await api("/api/v1/registrations", {
    method: "POST",
    body: { name: text.pending2Name, phone: made.pending2Phone, password: "demo1234", gridId: id.grid2, buildingId: id.building2, unitId: unit.id, relation: "resident" },
  });
  if (reg.status !== 201) throw new Error(`registration: ${reg.status} ${JSON.stringify(reg.json)}`);

  cookies.set("anon", undefined);
  for (const w of everyone) if (w !== "anon") cookies.set(w, await sessionCookie(phones[w]));
  // A GET: the share link is an HMAC of the topic id, offered on the topic's page.
  const topicPage = await getPage(baseURL(), `/topics/${id.topic.proposed}`, cookies.get("owner1"));
  made.sharePath = /\/cosign\/\d+\/[\w-]{22}/.exec(topicPage.text)?.[0] ?? "";
  if (!made.sharePath) throw new Error("the proposed topic's page offers no share link");

  const db3 = readDb(dbFile);
  try {
    allPhones = (db3.prepare("select phone from people").all() as { phone: string }[]).map((r) => r.phone);
  } finally {
    db3.close();
  }
  // Meeting 1 is tomorrow: the server's minute job (lib/notify/run-reminders.ts) reminds its invitee.
  // Waited for (at most a run of the job), so that it writes before the snapshot, not during the GETs.
  for (const until = Date.now() + 75_000; Date.now() < until; await new Promise((r) => setTimeout(r, 2000))) {
    const db4 = readDb(dbFile);
    try {
      const row = db4.prepare("select status from outbox_messages where dedupe_key like ?").get(`meetingTomorrow:meeting:${made.m1}:%`) as { status: string } | undefined;
      if (row?.status === "sent") break;
    } finally {
      db4.close();
    }
  }
  // Everything from here on is GETs: the database must stay as it is now.
  before = snapshot(dbFile);
}, 260_000);

// ── The matrix, page by page

const onlyAdmin = (marker: string) => matrix({ anon: signIn, admin: shows(marker), rest: refused("admin.noPermission.body") });
const memberPage = (pendingRefusal: Expect, ...markers: string[]) => matrix({ anon: signIn, pending: pendingRefusal, members: shows(...markers) });

/** Built after the setup, when the ids are known. */
function cases(): Case[] {
  const t = id.topic;
  const out: Case[] = [];
  const add = (route: string, label: string, url: string, expect: Record<Who, Expect>, extra: Omit<Case, "route" | "label" | "url" | "expect"> = {}) =>
    out.push({ route, label, url, expect, ...extra });

  // Public pages: the same for everyone (sign-in sends the signed-in home).
  add("/", "home", "/", matrix({ anon: shows(msg("home.startRegister")), pending: shows(msg("auth.pendingBanner")), members: shows(msg("home.myIdentity")) }), {
    secrets: [
      { what: "the admin link", text: msg("home.adminHint"), visibleTo: ["admin"] },
      // 13800000302 waits in grid 1: its staff are told there is a registration to review.
      { what: "the review queue", text: msg("home.pendingRegistrations"), visibleTo: gridOneStaff },
    ],
  });
  add("/sign-in", "sign-in form", "/sign-in", matrix({ anon: shows(msg("auth.signInTitle")), rest: home }));
  add("/register", "registration form", "/register", matrix({ rest: shows(msg("auth.registerTitle"), "第二网格") }));
  // Where an activation letter's QR code leads: the same form for everyone.
  add("/activate", "activation form", "/activate", matrix({ rest: shows(msg("auth.activate.codeHint")) }));
  // The demo is set up: the first setup is closed for everyone, with a way to sign in (and no code is asked or printed).
  add("/setup", "the first setup, closed", "/setup", matrix({ rest: shows(msg("setup.closedTitle")) }));
  add("/community", "community directory", "/community", matrix({ rest: shows("第一网格", "第二网格") }));
  // What the service worker shows offline for a page it never saved: the same static page for
  // everyone, naming nobody (the worker stores it signed out).
  add("/offline", "the offline page", "/offline", matrix({ rest: shows(msg("offline.page.heading"), msg("offline.page.never")) }));
  add("/notices", "notice board", "/notices", matrix({ rest: shows(id.noticeTitle) }));
  add("/notices/[id]", "a resolution notice", `/notices/${id.notice}`, matrix({ rest: shows(id.noticeTitle) }));
  add("/notices/[id]", "a notice that does not exist", "/notices/999999", matrix({ rest: notFound }));
  // The public decision record: a posted decision for everyone, signed out too; any other topic is the same 404.
  add("/records/[topicId]", "a posted decision", `/records/${id.topic.implementing}`, matrix({ rest: shows("2号楼单元门禁更换方案", "安居物业服务有限公司") }));
  add("/records/[topicId]", "a topic without a posted decision", `/records/${id.topic.drafting}`, matrix({ rest: notFound }));
  add("/records/[topicId]", "a topic that does not exist", "/records/999999", matrix({ rest: notFound }));
  // The co-sign share card: whoever holds its link; a wrong key opens nothing.
  add("/cosign/[topicId]/[key]", "the proposed topic's share link", made.sharePath, matrix({ rest: shows("1号楼楼道电动车充电隐患") }));
  add("/cosign/[topicId]/[key]", "a wrong key", made.sharePath.replace(/[\w-]{22}$/, "A".repeat(22)), matrix({ rest: notFound }), {
    secrets: [{ what: "the topic's title", text: "1号楼楼道电动车充电隐患", visibleTo: [] }],
  });

  // Signed-in pages for everyone signed in.
  add("/inbox", "own inbox", "/inbox", matrix({ anon: signIn, rest: shows(msg("inbox.subtitle")) }));
  add("/account", "own account", "/account", matrix({ anon: signIn, rest: shows(msg("auth.account.changePasswordHint")) }));
  add("/tasks", "own tasks", "/tasks", matrix({ anon: signIn, rest: shows(msg("tasks.subtitle")) }), {
    // Given to the property firm (organisation); nobody else has it among their own tasks.
    secrets: [{ what: "the firm's task", text: id.taskTitle, visibleTo: ["firm"] }],
  });
  add("/tasks/board", "task board", "/tasks/board", matrix({ anon: signIn, rest: shows(msg("tasks.boardSubtitle")) }));
  add("/tasks/[id]", "a grid-1 task", `/tasks/${id.task}`, matrix({ anon: signIn, pending: notFound, members: shows(id.taskTitle) }));
  add("/tasks/[id]", "a task that does not exist", "/tasks/999999", matrix({ anon: signIn, rest: notFound }));

  // Topics: every verified member of the community reads every topic (topic.view); pending accounts none.
  // The marker is this file's own newest topic: demo topics move off page 1 as other files add topics.
  add("/topics", "topic list", "/topics", memberPage(refused("topics.notVerified"), text.t2));
  add("/topics/new", "proposal form", "/topics/new", matrix({ anon: signIn, pending: refused("topics.notVerified"), supervisor: refused("topics.notAllowedToPropose"), members: shows(msg("topics.itemHint")) }));
  const topicCases: [string, number, string][] = [
    ["proposed", t.proposed!, "1号楼楼道电动车充电隐患"],
    ["awaiting admission", t.awaiting!, "东门外晚上停车位不够"],
    ["consulting, community level", t.consultingCommunity!, "3号楼加装电梯"],
    ["rejected", t.rejected!, "要求邻居更换装修队"],
    ["implementing", t.implementing!, "2号楼单元门禁损坏，外来人员随意进出"],
    ["closed after rectification", t.closed!, "西门自行车棚顶棚漏雨"],
    ["drafting", t.drafting!, "中心花园绿地被毁种菜"],
    ["voting", t.voting!, "4号楼楼道感应灯不亮"],
    ["under review", t.underReview!, "垃圾分类投放点太少"],
    ["grid 2, drafting", made.t2, text.t2],
    ["grid 2, voting", made.t2v, text.t2v],
  ];
  for (const [label, topicId, title] of topicCases) {
    const secrets: Secret[] = [];
    if (topicId === t.drafting) secrets.push({ what: "hidden opinion (grid level)", text: text.hiddenGrid1, visibleTo: gridOneStaff });
    if (topicId === t.consultingCommunity) secrets.push({ what: "hidden opinion (community level)", text: text.hiddenCommunity, visibleTo: ["admin"] });
    if (topicId === made.t2) secrets.push({ what: "hidden opinion (grid 2)", text: text.hiddenGrid2, visibleTo: ["admin"] });
    // Individual supervisor ratings are for the topic's staff and its supervisors (lib/ratings/get-review.ts mayReadRatings).
    if (topicId === t.closed) secrets.push({ what: "a supervisor's own comment", text: "雨天晚上仍然很暗", visibleTo: [...gridOneStaff, "supervisor"] });
    add("/topics/[id]", label, `/topics/${topicId}`, memberPage(refused("topics.notVerified"), title), { secrets });
  }
  add("/topics/[id]", "a topic that does not exist", "/topics/999999", matrix({ anon: signIn, rest: notFound }));

  // Plans: drafting is for the topic's staff and the two parties (plan.draft); revising for the author and the topic's staff.
  const planForm = msg("plans.form.bodyHint");
  add("/topics/[id]/plans/new", "grid-1 topic in drafting", `/topics/${t.drafting}/plans/new`,
    matrix({ anon: signIn, pending: refused("plans.notVerified"), staff: shows(planForm), firm: shows(planForm), committee: shows(planForm), rest: refused("plans.notAllowedToDraft") }));
  add("/topics/[id]/plans/new", "grid-2 topic in drafting", `/topics/${made.t2}/plans/new`,
    matrix({ anon: signIn, pending: refused("plans.notVerified"), admin: shows(planForm), firm: shows(planForm), committee: shows(planForm), rest: refused("plans.notAllowedToDraft") }));
  add("/topics/[id]/plans/new", "topic still collecting co-signatures", `/topics/${t.proposed}/plans/new`,
    matrix({ anon: signIn, pending: refused("plans.notVerified"), rest: refused("plans.closedForDrafting") }));
  add("/topics/[id]/plans/[planId]", "grid-1 plan in drafting", `/topics/${t.drafting}/plans/${id.plan.greening}`, memberPage(refused("plans.notVerified"), "中心花园绿地恢复方案"));
  add("/topics/[id]/plans/[planId]", "grid-2 plan", `/topics/${made.t2}/plans/${made.p2}`, memberPage(refused("plans.notVerified"), text.p2));
  add("/topics/[id]/plans/[planId]", "a plan under another topic's URL", `/topics/${t.proposed}/plans/${id.plan.greening}`, matrix({ anon: signIn, rest: notFound }));
  // The greening plan was drafted by the owners' committee (13800000004).
  add("/topics/[id]/plans/[planId]/edit", "grid-1 plan by the committee", `/topics/${t.drafting}/plans/${id.plan.greening}/edit`,
    matrix({ anon: signIn, pending: refused("plans.notVerified"), staff: shows(planForm), committee: shows(planForm), rest: refused("plans.notAllowedToRevise") }));
  add("/topics/[id]/plans/[planId]/edit", "grid-2 plan by the admin", `/topics/${made.t2}/plans/${made.p2}/edit`,
    matrix({ anon: signIn, pending: refused("plans.notVerified"), admin: shows(planForm), rest: refused("plans.notAllowedToRevise") }));
  add("/topics/[id]/plans/[planId]/edit", "a plan frozen by its ballot", `/topics/${t.implementing}/plans/${id.plan.doors}/edit`,
    matrix({ anon: signIn, pending: refused("plans.notVerified"), rest: refused("plans.page.frozenShort") }));
  add("/topics/[id]/plans/[planId]/compare", "grid-1 plan revisions", `/topics/${t.drafting}/plans/${id.plan.greening}/compare?from=1&to=1`,
    memberPage(refused("plans.notVerified"), msg("plans.compare.fieldsTitle")));
  add("/topics/[id]/plans/[planId]/compare", "grid-2 plan revisions", `/topics/${made.t2}/plans/${made.p2}/compare?from=1&to=1`,
    memberPage(refused("plans.notVerified"), msg("plans.compare.fieldsTitle")));

  // Ballots: opening is for the topic's staff (ballot.manage = ownsTopic); reading for every member.
  add("/ballots", "my ballots", "/ballots", memberPage(refused("ballots.notVerified"), msg("ballots.mine.subtitle")), {
    secrets: [
      // The open grid-1 ballot's electorate is grid 1's residents; the grid-2 one grid 2's.
      // … and the staff proxy holds a written proxy on it (security-proxy-helpers.ts).
      { what: "grid-1 residents' open ballot", text: "4号楼楼道感应灯不亮", visibleTo: ["owner1", "staffProxy"] },
      { what: "grid-2 residents' open ballot", text: text.t2v, visibleTo: ["resident2"] },
    ],
  });
  const ballotForm = msg("ballots.new.ballotTitleHint");
  add("/ballots/new", "without a topic", "/ballots/new", matrix({ anon: signIn, rest: shows(msg("ballots.new.chooseTopic")) }));
  add("/ballots/new", "grid-1 topic in drafting", `/ballots/new?topicId=${t.drafting}`,
    matrix({ anon: signIn, pending: refused("ballots.notVerified"), staff: shows(ballotForm), rest: refused("ballots.new.notStaff") }));
  add("/ballots/new", "grid-2 topic in drafting", `/ballots/new?topicId=${made.t2}`,
    matrix({ anon: signIn, pending: refused("ballots.notVerified"), admin: shows(ballotForm), rest: refused("ballots.new.notStaff") }));
  const paper = msg("ballots.paper.title");
  add("/ballots/[id]", "grid-1 open secret ballot", `/ballots/${id.ballot.lights}`, memberPage(refused("ballots.notVerified"), "4号楼楼道感应灯不亮"), {
    secrets: [{ what: "the staff's paper-ballot panel and electorate list", text: paper, visibleTo: gridOneStaff }],
  });
  add("/ballots/[id]", "grid-1 closed secret ballot", `/ballots/${id.ballot.doors}`, memberPage(refused("ballots.notVerified"), "2号楼单元门禁损坏，外来人员随意进出", msg("ballots.result.title")), {
    secrets: [{ what: "choices by elector", text: msg("ballots.result.named"), visibleTo: [] }],
  });
  add("/ballots/[id]", "grid-2 open named ballot", `/ballots/${made.b2}`, memberPage(refused("ballots.notVerified"), text.t2v), {
    secrets: [{ what: "the staff's paper-ballot panel", text: paper, visibleTo: ["admin"] }],
    choicesFor: ["resident2"],
  });
  add("/ballots/[id]", "a ballot that does not exist", "/ballots/999999", matrix({ anon: signIn, rest: notFound }));
  // The call list: the ballot's own staff only, with the phones it is made for; no choice of anyone.
  add("/ballots/[id]/call-list", "grid-1 open ballot", `/ballots/${id.ballot.lights}/call-list`,
    matrix({ anon: signIn, staff: shows(msg("records.callList.explain")), rest: refused("records.callList.notStaff") }), { phonesFor: gridOneStaff });
  add("/ballots/[id]/call-list", "grid-1 closed ballot", `/ballots/${id.ballot.doors}/call-list`,
    matrix({ anon: signIn, staff: shows(msg("errors.callListNotOpen")), rest: refused("records.callList.notStaff") }));

  // Meetings: run by grid staff in their grid and the admin (meeting.manage); read by every member.
  const meetingSecrets = (m: 1 | 2): Secret[] => {
    const staff: Who[] = m === 1 ? gridOneStaff : ["admin"];
    return [
      { what: "draft minutes", text: m === 1 ? text.disc1 : text.disc2, visibleTo: staff },
      { what: "the check-in code", text: m === 1 ? made.code1 : made.code2, visibleTo: staff },
      ...(m === 1 ? [{ what: "the invitation list", text: id.inviteeName, visibleTo: staff }] : []),
    ];
  };
  add("/meetings", "meeting list", "/meetings", memberPage(refused("meetings.notVerified"), text.m1, text.m2), {
    secrets: [{ what: "the schedule button", text: msg("meetings.schedule"), visibleTo: gridOneStaff }],
  });
  add("/meetings/new", "schedule form", "/meetings/new", matrix({ anon: signIn, pending: refused("meetings.notVerified"), staff: shows(msg("meetings.form.agendaHint")), rest: refused("meetings.notStaff") }));
  for (const m of [1, 2] as const) {
    const mid = m === 1 ? made.m1 : made.m2;
    const title = m === 1 ? text.m1 : text.m2;
    const staff: Who[] = m === 1 ? gridOneStaff : ["admin"];
    const byStaff = (e: Expect) => Object.fromEntries(staff.map((w) => [w, e])) as Partial<Record<Who, Expect>>;
    add("/meetings/[id]", `grid-${m} meeting`, `/meetings/${mid}`, memberPage(refused("meetings.notVerified"), title), { secrets: meetingSecrets(m) });
    add("/meetings/[id]", `grid-${m} meeting, sign-in sheet print view`, `/meetings/${mid}?print=sign-in`, memberPage(refused("meetings.notVerified"), title), {
      // The sheet lists the invitees; the draft minutes are not part of it.
      secrets: [
        ...meetingSecrets(m).map((s) => (s.what === "draft minutes" ? { ...s, shown: false } : s)).filter((s) => s.what !== "the check-in code"),
        { what: "the sign-in sheet", text: msg("meetings.print.print"), visibleTo: staff },
      ],
    });
    // The A4 minutes of a draft: the staff's to proofread, for everyone else the plain meeting page.
    add("/meetings/[id]", `grid-${m} meeting, draft minutes print view`, `/meetings/${mid}?print=minutes`, memberPage(refused("meetings.notVerified"), title), {
      secrets: [...meetingSecrets(m).filter((s) => s.what === "draft minutes"), { what: "the minutes sheet", text: msg("meetings.minutes.draft"), visibleTo: staff }],
    });
    add("/meetings/[id]", `grid-${m} meeting, looking someone up to tick off`, `/meetings/${mid}?who=${encodeURIComponent(id.searchName)}`, memberPage(refused("meetings.notVerified"), title), {
      secrets: [{ what: "people search hits", text: id.searchNumber, visibleTo: staff }],
    });
    add("/meetings/[id]/edit", `grid-${m} meeting`, `/meetings/${mid}/edit`,
      matrix({ anon: signIn, pending: refused("meetings.notVerified"), ...byStaff(shows(msg("meetings.editForm.changeHint"))), rest: refused("meetings.notStaff") }), { secrets: meetingSecrets(m).filter((s) => s.what === "draft minutes").map((s) => ({ ...s, shown: false })) });
    add("/meetings/[id]/room", `grid-${m} meeting`, `/meetings/${mid}/room`,
      matrix({ anon: signIn, pending: refused("meetings.notVerified"), ...byStaff(shows(msg("meetings.room.scan"))), rest: refused("meetings.notStaff") }),
      // The room screen carries the code only inside the QR image.
      { secrets: [{ what: "the check-in code", text: m === 1 ? made.code1 : made.code2, visibleTo: staff, shown: false }] });
    // The live room: the chair console is the meeting's staff's (and a designated chair's); the
    // phone view every member's, without the check-in code even for staff (it is the room screen's).
    add("/meetings/[id]/chair", `grid-${m} meeting`, `/meetings/${mid}/chair`,
      matrix({ anon: signIn, pending: refused("meetings.notVerified"), ...byStaff(shows(msg("room.chair.agenda"))), rest: refused("room.chair.staffOnly") }),
      { secrets: [{ what: "the check-in code", text: m === 1 ? made.code1 : made.code2, visibleTo: staff, shown: false }] });
    add("/meetings/[id]/live", `grid-${m} meeting`, `/meetings/${mid}/live`, memberPage(refused("meetings.notVerified"), title),
      { secrets: [{ what: "the check-in code", text: m === 1 ? made.code1 : made.code2, visibleTo: [] }] });
    // The room's projector: the meeting's staff (and a designated chair) signed in, who also make
    // the room PC's link there; the check-in code only inside the live state its QR is drawn from.
    // A display code that is not one opens nothing, for anyone (the real one: meeting-room.test.ts).
    add("/meetings/[id]/projector", `grid-${m} meeting`, `/meetings/${mid}/projector`,
      matrix({ anon: signIn, pending: refused("meetings.notVerified"), ...byStaff(shows(msg("room.projector.openOnRoomPc"))), rest: refused("room.projector.notStaff") }),
      { secrets: [{ what: "the check-in code", text: m === 1 ? made.code1 : made.code2, visibleTo: staff, shown: false }] });
    // A wrong code is sent on by the link's enter route to ?refused=1 with no cookie (integration:
    // meeting-live-route.test.ts): that page shows nothing of the meeting, to anyone.
    add("/meetings/[id]/projector", `grid-${m} meeting, wrong display code`, `/meetings/${mid}/projector?refused=1`, matrix({ rest: refused("room.projector.refused") }),
      { secrets: [{ what: "the check-in code", text: m === 1 ? made.code1 : made.code2, visibleTo: [] }, { what: "the meeting's title", text: title, visibleTo: [] }] });
    // A wrong code checks no one in; the real one is tried in its own test below (it writes, by design).
    add("/meetings/[id]/check-in", `grid-${m} meeting, wrong code`, `/meetings/${mid}/check-in?code=wrong-code`,
      matrix({ anon: signIn, pending: refused("errors.notVerified"), rest: refused("errors.checkInCodeInvalid") }));
  }
  add("/meetings/[id]", "a meeting that does not exist", "/meetings/999999", matrix({ anon: signIn, pending: refused("meetings.notVerified"), rest: notFound }));

  // Ratings: the form is the assigned supervisor's; the close rule the admin's.
  add("/ratings", "awaiting my rating", "/ratings", matrix({ anon: signIn, supervisor: shows("垃圾分类投放点太少"), rest: shows(msg("ratings.list.none")) }), {
    secrets: [{ what: "the close-rule settings link", text: msg("ratings.list.settings"), visibleTo: ["admin"] }],
  });
  add("/ratings/[topicId]", "topic under review", `/ratings/${t.underReview}`,
    matrix({ anon: signIn, pending: notFound, supervisor: shows(msg("ratings.rate.scoreHint")), rest: shows(msg("ratings.rate.notAssigned")) }), {
      secrets: [{ what: "the rating form", text: msg("ratings.rate.scoreHint"), visibleTo: ["supervisor"] }],
    });
  add("/ratings/settings", "close rule", "/ratings/settings", matrix({ anon: signIn, admin: shows(msg("ratings.settings.requireAllSupervisors")), rest: refused("ratings.settings.none") }));

  // Staff pages.
  add("/staff/registrations", "registration queue", "/staff/registrations",
    matrix({ anon: signIn, staff: shows(id.pendingNumber), rest: refused("staff.notAllowed") }), {
      phonesFor: gridOneStaff,
      secrets: [
        { what: "grid 1's pending phone", text: phones.pending, visibleTo: gridOneStaff },
        { what: "grid 2's pending name", text: text.pending2Name, visibleTo: ["admin"] },
      ],
    });
  const dashboard = msg("dashboard.exportTitle");
  add("/dashboard", "default dashboard", "/dashboard", matrix({ anon: signIn, staff: shows(dashboard), rest: refused("dashboard.noPermission") }));
  add("/dashboard", "grid-2 dashboard", `/dashboard?gridId=${id.grid2}`, matrix({ anon: signIn, admin: shows(dashboard), rest: refused("dashboard.noPermission") }));
  add("/dashboard", "community dashboard", "/dashboard?scope=community", matrix({ anon: signIn, admin: shows(dashboard), rest: refused("dashboard.noPermission") }));

  // Community administration: the community admin only (grid.manage …); the others see "no permission".
  add("/admin", "overview", "/admin", onlyAdmin(msg("admin.overview.quick")));
  add("/admin/grids", "grids", "/admin/grids", onlyAdmin(msg("admin.grids.createTitle")));
  add("/admin/grids/[id]", "grid 1", `/admin/grids/${id.grid1}`, onlyAdmin(msg("admin.grid.createTitle")));
  add("/admin/grids/[id]", "grid 2", `/admin/grids/${id.grid2}`, onlyAdmin(msg("admin.grid.createTitle")));
  add("/admin/buildings/[id]", "a grid-1 building", `/admin/buildings/${id.building1}`, onlyAdmin(msg("admin.building.createTitle")));
  add("/admin/buildings/[id]", "a grid-2 building", `/admin/buildings/${id.building2}`, onlyAdmin(msg("admin.building.createTitle")));
  add("/admin/catalog", "agenda catalog", "/admin/catalog", onlyAdmin(msg("admin.catalog.editItem")));
  add("/admin/organisations", "organisations", "/admin/organisations", onlyAdmin(msg("admin.organisations.createTitle")));
  add("/admin/people", "people", "/admin/people", onlyAdmin(msg("admin.people.createHint")), {
    phonesFor: ["admin"],
    secrets: [{ what: "a resident's phone", text: "13800000102", visibleTo: ["admin"], shown: false }],
  });
  add("/admin/people/[id]", "a grid-1 owner", `/admin/people/${id.owner102}`, onlyAdmin(msg("admin.person.assignTitle")), {
    phonesFor: ["admin"],
    secrets: [{ what: "the person's phone", text: "13800000102", visibleTo: ["admin"] }],
  });
  add("/admin/people/[id]", "the grid-2 resident", `/admin/people/${id.person.resident2}`, onlyAdmin(msg("admin.person.assignTitle")), {
    phonesFor: ["admin"],
    secrets: [{ what: "the person's phone", text: phones.resident2, visibleTo: ["admin"] }],
  });
  add("/admin/people/[id]", "a person who does not exist", "/admin/people/999999", matrix({ anon: signIn, admin: notFound, rest: refused("admin.noPermission.body") }));
  add("/admin/imports", "imports hub", "/admin/imports", onlyAdmin(msg("imports.hub.estateBody")));
  add("/admin/imports/estate", "estate import", "/admin/imports/estate", onlyAdmin(msg("imports.estate.how")));
  add("/admin/imports/people", "people import", "/admin/imports/people", onlyAdmin(msg("admin.peopleImport.allOrNothing")));
  add("/admin/imports/people/conflicts", "import conflicts", "/admin/imports/people/conflicts", onlyAdmin(msg("admin.peopleImport.conflicts.subtitle")));
  // Activation letters: the grid's staff and community admins (policy activation.issue); the rest are told who may.
  add("/admin/activation", "activation letters", "/admin/activation", matrix({ anon: signIn, staff: shows(msg("admin.activation.replaceWarning")), rest: refused("admin.activation.noPermission") }));
  // Messages and SMS (issue 14): community admins only (message.manage); never a key, phones masked.
  add("/admin/messages", "messages and SMS", "/admin/messages", matrix({ anon: signIn, admin: shows(msg("reminders.admin.secretsNote")), rest: refused("reminders.admin.noPermission") }));
  return out;
}

// ── Judging one answer

const choiceInPage = /\\?"choice\\?":\\?"(agree|disagree|abstain)/;

/** Everything wrong with one caller's answer to one case; empty when it is as expected. */
function judge(c: Case, who: Who, a: PageAnswer): string[] {
  const problems: string[] = [];
  const e = c.expect[who];
  const has = (s: string) => contains(a, s);
  switch (e.kind) {
    case "signIn":
      if (a.status !== 307 || !a.location?.startsWith("/sign-in?callbackUrl=")) problems.push(`expected a redirect to sign-in, got ${a.status} ${a.location ?? ""}`);
      // Back to the same page after signing in (some pages drop the query: see the report).
      else if (decodeURIComponent(a.location.slice("/sign-in?callbackUrl=".length)).split("?")[0] !== c.url.split("?")[0]) problems.push(`sign-in would not come back here: ${a.location}`);
      break;
    case "home":
      if (a.status !== 307 || a.location !== "/") problems.push(`expected a redirect home, got ${a.status} ${a.location ?? ""}`);
      break;
    case "notFound":
      if (a.status !== 404) problems.push(`expected 404, got ${a.status} ${a.location ?? ""}`);
      break;
    case "refused":
      if (a.status !== 200) problems.push(`expected the refusal page (200), got ${a.status} ${a.location ?? ""}`);
      else if (!has(e.text)) problems.push(`refusal text missing: ${e.text}`);
      break;
    case "shows":
      if (a.status !== 200) problems.push(`expected the page (200), got ${a.status} ${a.location ?? ""}`);
      for (const m of e.markers) if (!has(m)) problems.push(`content marker missing: ${m}`);
      break;
  }
  // A refused caller sees none of the content shown to the callers who may see it.
  if (e.kind !== "shows") {
    const content = new Set(Object.values(c.expect).flatMap((x) => (x.kind === "shows" ? x.markers : [])));
    for (const m of content) if (has(m)) problems.push(`refused, yet the content marker is there: ${m}`);
  }
  for (const s of c.secrets ?? []) {
    if (entitled(s.visibleTo, who)) {
      if (e.kind === "shows" && s.shown !== false && !has(s.text)) problems.push(`${s.what} missing for an entitled reader: ${s.text}`);
    } else if (has(s.text)) problems.push(`${s.what} leaks: ${s.text}`);
  }
  if (!entitled(c.phonesFor, who)) {
    const own = who === "anon" ? null : phones[who];
    const seen = allPhones.filter((p) => p !== own && has(p));
    if (seen.length) problems.push(`other people's phone numbers: ${seen.slice(0, 5).join(", ")}`);
  }
  // choicesFor is never widened: a proxy holder's page holds no choice, not even on a page that shows owner1 theirs.
  if (!c.choicesFor?.includes(who)) {
    if (choiceInPage.test(a.text)) problems.push(`a ballot choice is in the page: ${choiceInPage.exec(a.text)![0]}`);
  } else if (e.kind === "shows" && !choiceInPage.test(a.text)) problems.push("the reader's own vote is not in the page: the choice detector would be blind");
  return problems;
}

// ── The tests

const distDir = process.env.NEXT_DIST_DIR ?? ".next-test";
const routes = sourcePageRoutes();
let all: Case[] | null = null;
const allCases = () => (all ??= cases());
/** What each caller got, per case: printed at the end as the observed matrix. */
const observed = new Map<string, string[]>();
const short: Record<Expect["kind"], string> = { signIn: "→sign-in", home: "→home", notFound: "404", refused: "✗", shows: "✓" };

afterAll(() => {
  if (observed.size === 0) return;
  console.log(`page-access matrix (✓ shown, ✗ refused in the page, 404, →sign-in; ! a problem):\n${[...observed].map(([k, v]) => `  ${k}: ${v.join(" ")}`).join("\n")}`);
});

describe("page-access matrix over HTTP", () => {
  test("every page route of the source and of the build has matrix entries", () => {
    expect(routes.length).toBeGreaterThanOrEqual(40);
    expect(buildPageRoutes(distDir)).toEqual(routes);
    const covered = new Set(allCases().map((c) => c.route));
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !routes.includes(r))).toEqual([]);
  });

  test.each(routes)("%s: each caller is shown or refused as the policy says", async (route) => {
    const mine = allCases().filter((c) => c.route === route);
    expect(mine.length).toBeGreaterThan(0);
    const jobs = mine.flatMap((c) => everyone.map((who) => async () => ({ c, who, a: await getPage(baseURL(), c.url, cookies.get(who)) })));
    const answers = await pool(jobs, 6);
    const problems: string[] = [];
    for (const { c, who, a } of answers) {
      const p = judge(c, who, a);
      const e = c.expect[who];
      const key = `${c.route} · ${c.label}`;
      observed.set(key, [...(observed.get(key) ?? []), `${who}${short[e.kind]}${p.length ? "!" : ""}`]);
      for (const x of p) problems.push(`${c.route} (${c.label}) as ${who}: ${x}`);
    }
    expect(problems, `\n${problems.join("\n")}\n`).toEqual([]);
  });

  test("the whole matrix of GETs wrote nothing", () => {
    expect([...observed.values()].flat().length).toBeGreaterThan(500);
    expect(changes(before, snapshot(dbFile))).toEqual([]);
  });
});

/**
 * Opening the room's check-in link never checks anyone in (app/meetings/[id]/check-in): the page
 * names the meeting and offers the button, whose POST (checkInAction) is the check-in. A page load
 * is not a gesture — the sign-in redirect and prefetches load it more than once.
 */
describe("the check-in link with the live code", () => {
  test("signed out, pending or verified: loading the link writes nothing; a verified member gets the button", async () => {
    const url = `/meetings/${made.m1}/check-in?code=${encodeURIComponent(made.code1)}`;
    const start = snapshot(dbFile);
    const anon = await getPage(baseURL(), url, undefined);
    expect(anon.status).toBe(307);
    expect(anon.location).toBe(`/sign-in?callbackUrl=${encodeURIComponent(url)}`);
    const pending = await getPage(baseURL(), url, cookies.get("pending"));
    expect(pending.text).toContain(msg("errors.notVerified"));
    for (let i = 0; i < 2; i++) {
      const page = await getPage(baseURL(), url, cookies.get("resident2"));
      expect(page.status).toBe(200);
      expect(page.text).toContain(text.m1);
      expect(page.shown).toContain(msg("meetings.checkIn.confirm"));
    }
    expect(changes(start, snapshot(dbFile))).toEqual([]);
  });
});
