import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  call,
  callers,
  changedTables,
  closeDb,
  doc,
  expectJsonError,
  leakIn,
  one,
  phones,
  png,
  routeFiles,
  sameRightsAs,
  sessionCookie,
  snapshot,
  tokenFor,
  tokenOf,
  type Caller,
  type Res,
} from "./security-api-helpers";
import { ensureProxyCallers, expectNoChoiceFor } from "./security-proxy-helpers";

/**
 * The policy matrix over HTTP: every route handler of the app (all of app/api/v1 and the photo,
 * PDF and export handlers), called by every kind of caller — signed out, a pending account, an
 * owner of grid 1, a resident of grid 2, grid 1's chief and worker, the property firm, the owners'
 * committee, a supervisor, the community admin — against resources of grid 1 (own grid) and of
 * grid 2 (other grid). The table below is the spec: each row states the status every caller gets.
 *
 * A refused call (401/403/404) must answer with a JSON error a person can read and write nothing:
 * the whole database is fingerprinted before and after. Refused callers are sent to a resource on
 * which the action is possible right now (`path`), so a missing policy check would show as a write.
 * Allowed callers of a write are sent to a resource where the action is no longer possible
 * (`stale`: a closed topic, a frozen plan, a cancelled meeting …) or a conflicting body, so they
 * prove they got past the policy (409/422) without changing the shared demo. The writes that
 * really happen are the fixtures built in beforeAll, each through the API as the right role.
 */

// ---------------------------------------------------------------------------------------------
// Fixtures: looked up in the seeded demo, or made here through the API (grid 2 has no topics).

const F = {} as {
  g1: number; g2: number; b1: number; g2b: number; unitG2: number;
  // Demo topics of grid 1, one per stage.
  proposed: number; awaiting: number; consulting: number; rejected: number; implementing: number; closed: number; drafting: number; voting: number; review: number;
  // Made here in grid 2.
  g2proposed: number; g2awaiting: number; g2consulting: number; g2topic: number; g2ballot: number; g2proxy: number; g2task: number;
  g2opinion: number; g2hidden: number; topicPhoto: number; taskPhoto: number; ratingPhoto: number;
  opinion: number; draftPlan: number; frozenPlan: number; openBallot: number; closedBallot: number; activeTask: number; doneTask: number;
  notice: number; sharePath: string; meeting: number; cancelledMeeting: number; meetingG2: number;
  ownerId: number; res2Id: number; supervId: number; pendingId: number; firmOrg: number; thinkTank: number; item: number; category: number;
  res2Role: number; adminRole: number; newPeople: number[];
};

const body = {
  topic: () => ({ gridId: F.g1, agendaItemId: F.item, title: "安全测试：楼道灯不亮", description: doc("楼道灯坏了很久，晚上上下楼很不方便。") }),
  plan: () => ({ title: "安全测试方案", body: doc("先请物业检修，再更换损坏的部件，两周内完成。"), budget: "100", budgetSource: "propertyFirm" }),
  revision: () => ({ body: doc("修订后的方案：物业检修后更换损坏部件，一周内完成。"), budgetSource: "propertyFirm", milestones: [] }),
  meeting: (gridId: number, topicId: number) => ({ gridId, title: "安全测试议事会", startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(), place: "议事厅", topicIds: [topicId] }),
  ballot: (planId: number) => ({ kind: "single", planIds: [planId], electorateKind: "gridResidents", closesAt: new Date(Date.now() + 86_400_000).toISOString() }),
  task: () => ({ title: "安全测试任务", assignee: `organisation:${F.firmOrg}`, dueOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) }),
  rating: () => ({ process: 5, timeliness: 5, quality: 5, transparency: 5, satisfaction: 5, comment: "安全测试评价" }),
};

async function ok(res: Promise<Res>, status: number, label: string): Promise<Record<string, unknown>> {
  const r = await res;
  expect(r.status, `${label}: ${r.text.slice(0, 300)}`).toBe(status);
  return r.json as Record<string, unknown>;
}
const as = async (phone: string) => tokenFor(phone);
const post = async (phone: string, path: string, b?: unknown, status = 200) => ok(call(path, { method: "POST", token: await as(phone), body: b ?? {} }), status, `${phone} POST ${path}`);
const multipart = async (phone: string, path: string, fields: Record<string, string | number | boolean>, file: { field: string; bytes: Buffer }, status = 201) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, String(v));
  form.append(file.field, new Blob([new Uint8Array(file.bytes)], { type: "image/png" }), "photo.png");
  return ok(call(path, { method: "POST", token: await as(phone), raw: form }), status, `${phone} POST ${path} (multipart)`);
};
const topicByTitle = (title: string) => one<{ id: number }>("select id from topics where title = ?", title).id;
const personByPhone = (phone: string) => one<{ id: number }>("select id from people where phone = ?", phone).id;

beforeAll(async () => {
  // The proxy callers and their principals' votes (shared with the other matrices).
  await ensureProxyCallers();
  // The pending caller is our own registration (public), so no other file's verification can change it.
  const b1 = one<{ id: number }>("select b.id from buildings b join grids g on g.id = b.grid_id where g.code = '01' order by b.id").id;
  const unit = one<{ id: number }>("select id from units where building_id = ? order by id desc", b1).id;
  await ok(call("/api/v1/registrations", { method: "POST", body: { name: "安全测试待审", phone: phones.pending, password: "demo1234", gridId: one<{ id: number }>("select id from grids where code = '01'").id, buildingId: b1, unitId: unit, relation: "resident" } }), 201, "registration");
  // One token per caller, issued up front (cheap to reuse; never a wrong password on a demo account).
  await Promise.all(Object.values(phones).map((p) => tokenFor(p)));

  F.g1 = one<{ id: number }>("select id from grids where code = '01'").id;
  F.g2 = one<{ id: number }>("select id from grids where code = '02'").id;
  F.b1 = one<{ id: number }>("select id from buildings where grid_id = ? order by id", F.g1).id;
  F.g2b = one<{ id: number }>("select id from buildings where grid_id = ? order by id", F.g2).id;
  F.unitG2 = one<{ id: number }>("select id from units where building_id = ? order by id", F.g2b).id;
  F.proposed = topicByTitle("1号楼楼道电动车充电隐患");
  F.awaiting = topicByTitle("东门外晚上停车位不够");
  F.consulting = topicByTitle("3号楼加装电梯"); // community level (大事不出社区)
  F.rejected = topicByTitle("要求邻居更换装修队");
  F.implementing = topicByTitle("2号楼单元门禁损坏，外来人员随意进出");
  F.closed = topicByTitle("西门自行车棚顶棚漏雨");
  F.drafting = topicByTitle("中心花园绿地被毁种菜");
  F.voting = topicByTitle("4号楼楼道感应灯不亮");
  F.review = topicByTitle("垃圾分类投放点太少");
  F.opinion = one<{ id: number }>("select id from opinions where topic_id = ? order by id", F.consulting).id;
  F.draftPlan = one<{ id: number }>("select id from plans where topic_id = ?", F.drafting).id;
  F.frozenPlan = one<{ id: number }>("select id from plans where topic_id = ?", F.voting).id;
  F.openBallot = one<{ id: number }>("select id from ballots where topic_id = ? and status = 'open'", F.voting).id;
  F.closedBallot = one<{ id: number }>("select id from ballots where topic_id = ?", F.implementing).id;
  F.activeTask = one<{ id: number }>("select id from tasks where topic_id = ?", F.implementing).id;
  F.doneTask = one<{ id: number }>("select id from tasks where topic_id = ?", F.review).id;
  F.notice = one<{ id: number }>("select id from notices order by id").id;
  // The co-sign share link of the demo's proposed topic, as its page offers it (an HMAC under the server's secret).
  const topicPage = await call(`/topics/${F.proposed}`, { headers: { cookie: await sessionCookie(phones.owner) } });
  F.sharePath = /\/cosign\/\d+\/[\w-]{22}/.exec(topicPage.text)?.[0] ?? "";
  expect(F.sharePath, "the proposed topic's page offers a share link").not.toBe("");
  F.ownerId = personByPhone(phones.owner);
  F.res2Id = personByPhone(phones.res2);
  F.supervId = personByPhone(phones.superv);
  F.pendingId = personByPhone(phones.pending);
  F.firmOrg = one<{ id: number }>("select id from organisations where code = 'WY1'").id;
  F.thinkTank = one<{ id: number }>("select id from organisations where code = 'ZN1'").id;
  F.item = one<{ id: number }>("select i.id from agenda_items i where i.name = '公共设施维修'").id;
  F.category = one<{ id: number }>("select category_id as id from agenda_items where id = ?", F.item).id;
  F.res2Role = one<{ id: number }>("select id from roles where person_id = ?", F.res2Id).id;
  F.adminRole = one<{ id: number }>("select id from roles where person_id = ? and role = 'communityAdmin'", personByPhone(phones.admin)).id;

  const { admin, chief, firm, superv, res2 } = phones;
  // Grid 2 has one resident: the admin adds four more so that a grid-2 topic can reach admission.
  const units = (await import("./security-api-helpers")).query<{ id: number }>("select id from units where building_id = ? order by id limit 5", F.g2b);
  F.newPeople = [];
  for (let i = 1; i <= 4; i++) {
    const r = await post(admin, "/api/v1/people", { name: `安全测试居民${i}`, phone: `1370000200${i}`, password: "demo1234", role: "resident", gridId: F.g2, unitId: units[i]!.id }, 201);
    F.newPeople.push(r.personId as number);
  }
  const neighbours = [1, 2, 3, 4].map((i) => `1370000200${i}`);
  const g2body = (title: string) => ({ gridId: F.g2, agendaItemId: F.item, title, description: doc(`${title}，请尽快处理。`) });

  // Grid 2, proposed, with a photo.
  F.g2proposed = (await multipart(res2, "/api/v1/topics", { ...g2body("安全测试：二网格路灯"), description: JSON.stringify(g2body("安全测试：二网格路灯").description) }, { field: "photos", bytes: png })).topicId as number;
  F.topicPhoto = one<{ id: number }>("select id from topic_photos where topic_id = ?", F.g2proposed).id;
  // Grid 2, awaiting admission.
  F.g2awaiting = (await post(res2, "/api/v1/topics", g2body("安全测试：二网格井盖"), 201)).topicId as number;
  for (const p of neighbours) await post(p, `/api/v1/topics/${F.g2awaiting}/cosign`);
  // Grid 2, admitted and in consultation.
  F.g2consulting = (await post(res2, "/api/v1/topics", g2body("安全测试：二网格围墙"), 201)).topicId as number;
  for (const p of neighbours) await post(p, `/api/v1/topics/${F.g2consulting}/cosign`);
  await post(admin, `/api/v1/topics/${F.g2consulting}/admit`, { level: "grid" });
  // Grid 2, the whole way to review: admitted, opinion (hidden by the admin), plan, ballot with a
  // written proxy, resolution, task with a progress photo, a supervisor's rating with a photo.
  const t = (F.g2topic = (await post(res2, "/api/v1/topics", g2body("安全测试：二网格健身器材"), 201)).topicId as number);
  for (const p of neighbours) await post(p, `/api/v1/topics/${t}/cosign`);
  await post(admin, `/api/v1/topics/${t}/admit`, { level: "grid" });
  F.g2opinion = (await post(res2, `/api/v1/topics/${t}/opinions`, { stance: "support", body: "支持更换健身器材。" }, 201)).opinionId as number;
  F.g2hidden = (await post(neighbours[0]!, `/api/v1/topics/${t}/opinions`, { stance: "oppose", body: "广告：低价装修。" }, 201)).opinionId as number;
  await post(admin, `/api/v1/opinions/${F.g2hidden}/hide`, { reason: "广告" });
  await post(admin, `/api/v1/topics/${t}/start-drafting`);
  const plan = (await post(admin, `/api/v1/topics/${t}/plans`, body.plan(), 201)).planId as number;
  F.g2ballot = (await post(admin, `/api/v1/topics/${t}/ballots`, { ...body.ballot(plan), closesAt: new Date(Date.now() + 3600_000).toISOString() }, 201)).ballotId as number;
  F.g2proxy = (await multipart(admin, `/api/v1/ballots/${F.g2ballot}/proxies`, { electorKey: `person:${F.newPeople[3]}`, proxyPersonId: F.res2Id }, { field: "scan", bytes: png })).proxyId as number;
  const voters: [string, number][] = [[res2, F.res2Id], ...neighbours.slice(0, 3).map((p, i): [string, number] => [p, F.newPeople[i]!])];
  for (const [p, id] of voters) await post(p, `/api/v1/ballots/${F.g2ballot}/votes`, { choice: "agree", electorKey: `person:${id}` });
  await post(admin, `/api/v1/ballots/${F.g2ballot}/close`);
  await post(admin, `/api/v1/topics/${t}/start-implementation`);
  await post(admin, `/api/v1/topics/${t}/supervisors`, { personIds: [F.supervId] });
  F.g2task = (await post(admin, `/api/v1/topics/${t}/tasks`, body.task(), 201)).taskId as number;
  await post(firm, `/api/v1/tasks/${F.g2task}/take`);
  await multipart(firm, `/api/v1/tasks/${F.g2task}/progress`, { body: "器材已更换。", percent: 100, completes: true }, { field: "photos", bytes: png });
  F.taskPhoto = one<{ id: number }>("select p.id from task_photos p join task_updates u on u.id = p.task_update_id where u.task_id = ?", F.g2task).id;
  await multipart(superv, `/api/v1/topics/${t}/ratings`, body.rating(), { field: "photos", bytes: png });
  F.ratingPhoto = one<{ id: number }>("select p.id from rating_photos p join supervision_ratings r on r.id = p.rating_id where r.topic_id = ?", t).id;
  expect(one<{ state: string }>("select state from topics where id = ?", t).state).toBe("underReview");

  // Meetings: grid 1 (owners invited), grid 1 cancelled, grid 2.
  F.meeting = (await post(chief, "/api/v1/meetings", { ...body.meeting(F.g1, F.drafting), roleGroups: ["owners"] }, 201)).meetingId as number;
  F.cancelledMeeting = (await post(chief, "/api/v1/meetings", { ...body.meeting(F.g1, F.drafting), roleGroups: ["owners"] }, 201)).meetingId as number;
  await post(chief, `/api/v1/meetings/${F.cancelledMeeting}/cancel`);
  F.meetingG2 = (await post(admin, "/api/v1/meetings", { ...body.meeting(F.g2, F.g2consulting), roleGroups: ["residents"] }, 201)).meetingId as number;
}, 180_000);

afterAll(() => closeDb());

// ---------------------------------------------------------------------------------------------
// The matrix.

/**
 * One row: a route handler and method, the concrete URL (and body) refused callers get, and the
 * status of each caller in the column order
 *   anon  pending  owner(g1)  res2(g2)  chief(g1)  worker(g1)  firm  cttee  superv  admin
 * Callers whose status is not 401/403/404 use `stale`/`staleBody` when given (see above); a status
 * marked "s" (e.g. 404s) is also sent to the stale resource — an allowed caller refused there.
 */
type Row = {
  label?: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  route: string;
  path: () => string;
  body?: () => unknown;
  stale?: () => string;
  staleBody?: () => unknown;
  multipart?: Record<string, string>;
  expect: string;
  /** Tables a stale call may change (a real write that leaves the data as it was, e.g. an audit event). */
  staleWrites?: string[];
  /** Further checks of a 2xx answer, e.g. that a list shows nothing to those who may not see it. */
  check?: (caller: Caller, json: unknown) => void;
};

const r = (method: Row["method"], route: string, path: () => string, expectStr: string, extra: Partial<Row> = {}): Row => ({ method, route, path, expect: expectStr, ...extra });
/** Numbers that already have an account, taken in turn by the "phone taken" registration row. */
const takenPhones = Object.values(phones).filter((p) => p !== phones.pending);
let takenPhoneTurn = 0;

const rows: Row[] = [
  //                                                                                            anon pend own  res2 chf  wkr  firm ctt  sup  adm
  // Accounts and places.
  r("GET", "/api/v1/me", () => "/api/v1/me", "                                                    401  200  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/me/todos", () => "/api/v1/me/todos", "                                        401  200  200  200  200  200  200  200  200  200"),
  // Own reminder kinds (issue 14): read by everyone signed in; set by the verified (pending: notVerified).
  // The allowed callers ask to mute the owners' vote notice the law keeps on: 422, past the policy, nothing written.
  r("GET", "/api/v1/me/reminders", () => "/api/v1/me/reminders", "                                401  200  200  200  200  200  200  200  200  200"),
  r("PUT", "/api/v1/me/reminders", () => "/api/v1/me/reminders", "                                401  403  422  422  422  422  422  422  422  422", {
    body: () => ({ muted: [] }),
    staleBody: () => ({ muted: ["ownersBallotClosing"] }),
  }),
  // The outbox: community admins only (message.manage), refused to the rest before any message is looked up.
  r("GET", "/api/v1/messages", () => "/api/v1/messages", "                                        401  403  403  403  403  403  403  403  403  200"),
  r("POST", "/api/v1/messages/[id]/retry", () => "/api/v1/messages/999999999/retry", "                   401  403  403  403  403  403  403  403  403  404"),
  // Everyone signed in may change their own password; allowed callers send a too-short new one
  // (422 before any password is checked). The real change is in security-origin.test.ts.
  r("POST", "/api/v1/me/password", () => "/api/v1/me/password", "                                 401  422  422  422  422  422  422  422  422  422", {
    body: () => ({ currentPassword: "demo1234", newPassword: "Lotus-Pond-42" }),
    staleBody: () => ({ currentPassword: "demo1234", newPassword: "short" }),
  }),
  r("GET", "/api/v1/registrations", () => "/api/v1/registrations", "                                 401  200  200  200  200  200  200  200  200  200", {
    label: "the queue is empty to everyone but grid 1's staff and the admin",
    check: (caller, json) => {
      const n = (json as { registrations: unknown[] }).registrations.length;
      if (["chief", "worker", "admin", "staffProxy"].includes(caller)) expect(n, caller).toBeGreaterThan(0);
      else expect(n, caller).toBe(0);
    },
  }),
  r("POST", "/api/v1/registrations", () => "/api/v1/registrations", "                                409  409  409  409  409  409  409  409  409  409", {
    label: "public registration (phone taken)",
    // A different taken number each call: registration attempts are throttled per number (five an hour).
    body: () => ({ name: "重复注册", phone: takenPhones[takenPhoneTurn++ % takenPhones.length]!, password: "demo1234", gridId: F.g1, buildingId: F.b1, unitId: one<{ id: number }>("select id from units where building_id = ? order by id", F.b1).id, relation: "owner" }),
  }),
  r("POST", "/api/v1/registrations/[id]/review", () => `/api/v1/registrations/${F.pendingId}/review`, "401  403  403  403  404s 404s 403  403  403  404s", {
    label: "a verified person is no registration: 404 after the policy",
    body: () => ({ decision: "reject", reason: "安全测试" }),
    stale: () => `/api/v1/registrations/${F.ownerId}/review`,
  }),
  r("GET", "/api/v1/places/grids", () => "/api/v1/places/grids", "                                   200  200  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/places/grids/[id]/buildings", () => `/api/v1/places/grids/${F.g2}/buildings`, "200  200  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/places/buildings/[id]/units", () => `/api/v1/places/buildings/${F.g2b}/units`, "200  200  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/places/catalog", () => "/api/v1/places/catalog", "                               200  200  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/health", () => "/api/v1/health", "                                               200  200  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/openapi.json", () => "/api/v1/openapi.json", "                                   200  200  200  200  200  200  200  200  200  200"),
  r("GET", "/api/auth/[...nextauth]", () => "/api/auth/providers", "                                  200  200  200  200  200  200  200  200  200  200"),
  // next-auth's own POST (sign-in, sign-out) is checked with a session cookie further down.

  // Community administration: the community admin only.
  r("GET", "/api/v1/grids", () => "/api/v1/grids", "                                                  401  403  403  403  403  403  403  403  403  200"),
  r("POST", "/api/v1/grids", () => "/api/v1/grids", "                                                 401  403  403  403  403  403  403  403  403  409", {
    body: () => ({ code: "99", name: "安全测试网格" }),
    staleBody: () => ({ code: "01", name: "重复网格" }),
  }),
  r("GET", "/api/v1/grids/[id]", () => `/api/v1/grids/${F.g1}`, "                                      401  403  403  403  403  403  403  403  403  200"),
  r("POST", "/api/v1/grids/[id]/buildings", () => `/api/v1/grids/${F.g1}/buildings`, "                 401  403  403  403  403  403  403  403  403  409", {
    body: () => ({ code: "99", name: "安全测试楼" }),
    staleBody: () => ({ code: "01", name: "重复楼" }),
  }),
  r("GET", "/api/v1/buildings/[id]", () => `/api/v1/buildings/${F.b1}`, "                                401  403  403  403  403  403  403  403  403  200"),
  r("POST", "/api/v1/buildings/[id]/units", () => `/api/v1/buildings/${F.b1}/units`, "                 401  403  403  403  403  403  403  403  403  409", {
    body: () => ({ number: "9-999", area: "88.50" }),
    staleBody: () => ({ number: "1-101", area: "88.50" }),
  }),
  // The estate import: allowed callers send no file (422 after the policy, nothing written); refused ones the same body.
  r("POST", "/api/v1/imports/estate", () => "/api/v1/imports/estate", "                               401  403  403  403  403  403  403  403  403  422", {
    body: () => ({ dryRun: "0" }),
    staleBody: () => ({ dryRun: "0" }),
  }),
  r("GET", "/api/v1/imports/estate/template", () => "/api/v1/imports/estate/template?format=csv", "      401  403  403  403  403  403  403  403  403  200"),
  // People files (owners' register, residents, staff): allowed callers send no source and no file (422 after the policy).
  r("POST", "/api/v1/imports/people/[kind]", () => "/api/v1/imports/people/owners-register", "           401  403  403  403  403  403  403  403  403  422", {
    body: () => ({ dryRun: "0" }),
    staleBody: () => ({ dryRun: "0" }),
  }),
  r("GET", "/api/v1/imports/people/[kind]/template", () => "/api/v1/imports/people/staff/template?format=csv", "401  403  403  403  403  403  403  403  403  200"),
  r("GET", "/api/v1/imports/people/conflicts", () => "/api/v1/imports/people/conflicts", "             401  403  403  403  403  403  403  403  403  200"),
  // No conflict with this id: the admin gets 404 after the policy, everyone else the refusal first.
  r("POST", "/api/v1/imports/people/conflicts/[id]", () => "/api/v1/imports/people/conflicts/999999", "401  403  403  403  403  403  403  403  403  404", {
    body: () => ({ resolution: "keepCurrent" }),
    staleBody: () => ({ resolution: "keepCurrent" }),
  }),
  r("GET", "/api/v1/people", () => "/api/v1/people", "                                                401  403  403  403  403  403  403  403  403  200"),
  r("POST", "/api/v1/people", () => "/api/v1/people", "                                               401  403  403  403  403  403  403  403  403  409", {
    body: () => ({ name: "安全测试", phone: "13700003001", password: "demo1234", role: "supervisor" }),
    staleBody: () => ({ name: "安全测试", phone: phones.owner, password: "demo1234", role: "supervisor" }),
  }),
  r("GET", "/api/v1/people/[id]", () => `/api/v1/people/${F.ownerId}`, "                                 401  403  403  403  403  403  403  403  403  200"),
  r("POST", "/api/v1/roles", () => "/api/v1/roles", "                                                 401  403  403  403  403  403  403  403  403  409", {
    body: () => ({ personId: F.res2Id, role: "communityAdmin" }),
    staleBody: () => ({ personId: F.res2Id, role: "resident", gridId: F.g2, unitId: one<{ unit_id: number }>("select unit_id from roles where id = ?", F.res2Role).unit_id }),
  }),
  r("DELETE", "/api/v1/roles/[id]", () => `/api/v1/roles/${F.res2Role}`, "                               401  403  403  403  403  403  403  403  403  409", {
    stale: () => `/api/v1/roles/${F.adminRole}`,
  }),
  r("GET", "/api/v1/organisations", () => "/api/v1/organisations", "                                  401  403  403  403  403  403  403  403  403  200"),
  r("POST", "/api/v1/organisations", () => "/api/v1/organisations", "                                 401  403  403  403  403  403  403  403  403  409", {
    body: () => ({ kind: "thinkTank", name: "安全测试团", code: "ZN99" }),
    staleBody: () => ({ kind: "thinkTank", name: "重复", code: "WY1" }),
  }),
  r("PATCH", "/api/v1/organisations/[id]", () => `/api/v1/organisations/${F.thinkTank}`, "           401  403  403  403  403  403  403  403  403  409", {
    body: () => ({ description: "被改掉了" }),
    staleBody: () => ({ code: "WY1" }),
  }),
  r("GET", "/api/v1/catalog", () => "/api/v1/catalog", "                                              401  403  403  403  403  403  403  403  403  200"),
  r("POST", "/api/v1/catalog/categories", () => "/api/v1/catalog/categories", "                       401  403  403  403  403  403  403  403  403  422", {
    body: () => ({ name: "安全测试类别" }),
    staleBody: () => ({ name: "" }),
  }),
  r("POST", "/api/v1/catalog/items", () => "/api/v1/catalog/items", "                                 401  403  403  403  403  403  403  403  403  404s", {
    body: () => ({ categoryId: F.category, name: "安全测试事项" }),
    staleBody: () => ({ categoryId: 999999, name: "安全测试事项" }),
  }),
  r("PATCH", "/api/v1/catalog/items/[id]", () => `/api/v1/catalog/items/${F.item}`, "                  401  403  403  403  403  403  403  403  403  200", {
    label: "the admin's call writes the description it already has",
    body: () => ({ active: false }),
    staleBody: () => ({ description: one<{ d: string }>("select description as d from agenda_items where id = ?", F.item).d }),
    staleWrites: ["events", "sqlite_sequence"],
  }),

  // Topics: everyone verified in the community may read; proposing and co-signing by grid.
  r("GET", "/api/v1/topics", () => `/api/v1/topics?gridId=${F.g1}`, "                                  401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/topics", () => "/api/v1/topics", "                                               401  403  422  403  422  422  422  422  403  422", {
    label: "propose in grid 1",
    body: () => body.topic(),
    staleBody: () => ({ ...body.topic(), title: "" }),
  }),
  r("POST", "/api/v1/topics", () => "/api/v1/topics", "                                               401  403  403  422  403  403  422  422  403  422", {
    label: "propose in grid 2",
    body: () => ({ ...body.topic(), gridId: F.g2 }),
    staleBody: () => ({ ...body.topic(), gridId: F.g2, title: "" }),
  }),
  r("GET", "/api/v1/topics/similar", () => `/api/v1/topics/similar?gridId=${F.g1}&q=电梯`, "              401  403  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/topics/[id]", () => `/api/v1/topics/${F.g2proposed}`, "                              401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/topics/[id]/cosign", () => `/api/v1/topics/${F.proposed}/cosign`, "               401  403  409  403  403  403  403  403  403  403", { label: "grid 1 topic" }),
  r("POST", "/api/v1/topics/[id]/cosign", () => `/api/v1/topics/${F.g2proposed}/cosign`, "             401  403  403  409  403  403  403  403  403  403", { label: "grid 2 topic" }),
  r("POST", "/api/v1/topics/[id]/admit", () => `/api/v1/topics/${F.awaiting}/admit`, "                401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ level: "grid" }),
    stale: () => `/api/v1/topics/${F.closed}/admit`,
  }),
  r("POST", "/api/v1/topics/[id]/admit", () => `/api/v1/topics/${F.g2awaiting}/admit`, "             401  403  403  403  403  403  403  403  403  409", {
    label: "grid 2 topic",
    body: () => ({ level: "grid" }),
    stale: () => `/api/v1/topics/${F.g2topic}/admit`,
  }),
  r("POST", "/api/v1/topics/[id]/reject", () => `/api/v1/topics/${F.awaiting}/reject`, "              401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ reason: "安全测试拒绝" }),
    stale: () => `/api/v1/topics/${F.closed}/reject`,
  }),
  r("POST", "/api/v1/topics/[id]/reject", () => `/api/v1/topics/${F.g2awaiting}/reject`, "           401  403  403  403  403  403  403  403  403  409", {
    label: "grid 2 topic",
    body: () => ({ reason: "安全测试拒绝" }),
    stale: () => `/api/v1/topics/${F.g2topic}/reject`,
  }),
  r("POST", "/api/v1/topics/[id]/merge", () => `/api/v1/topics/${F.awaiting}/merge`, "                401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ intoTopicId: F.proposed }),
    stale: () => `/api/v1/topics/${F.closed}/merge`,
  }),
  r("POST", "/api/v1/topics/[id]/escalate", () => `/api/v1/topics/${F.awaiting}/escalate`, "          401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ reason: "安全测试" }),
    stale: () => `/api/v1/topics/${F.closed}/escalate`,
  }),
  r("GET", "/api/v1/topics/[id]/opinions", () => `/api/v1/topics/${F.g2topic}/opinions`, "             401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/topics/[id]/opinions", () => `/api/v1/topics/${F.consulting}/opinions`, "         401  403  409  403  409  409  409  409  409  409", {
    body: () => ({ stance: "support", body: "安全测试意见" }),
    stale: () => `/api/v1/topics/${F.closed}/opinions`,
  }),
  r("POST", "/api/v1/opinions/[id]/hide", () => `/api/v1/opinions/${F.opinion}/hide`, "                  401  403  403  403  403  403  403  403  403  409", {
    label: "community-level topic: the admin only",
    body: () => ({ reason: "安全测试" }),
    stale: () => `/api/v1/opinions/${F.g2hidden}/hide`,
  }),
  r("POST", "/api/v1/opinions/[id]/hide", () => `/api/v1/opinions/${F.g2opinion}/hide`, "               401  403  403  403  403  403  403  403  403  409", {
    label: "grid 2 topic",
    body: () => ({ reason: "安全测试" }),
    stale: () => `/api/v1/opinions/${F.g2hidden}/hide`,
  }),
  r("GET", "/api/v1/topics/[id]/invitations", () => `/api/v1/topics/${F.awaiting}/invitations`, "         401  403  403  403  200  200  403  403  403  200"),
  r("POST", "/api/v1/topics/[id]/invitations", () => `/api/v1/topics/${F.awaiting}/invitations`, "        401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ organisationId: F.thinkTank }),
    stale: () => `/api/v1/topics/${F.closed}/invitations`,
  }),
  r("GET", "/api/v1/topics/[id]/invitations/candidates", () => `/api/v1/topics/${F.awaiting}/invitations/candidates?q=王`, "401  403  403  403  200  200  403  403  403  200"),
  r("GET", "/api/v1/topics/[id]/plans", () => `/api/v1/topics/${F.drafting}/plans`, "                      401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/topics/[id]/plans", () => `/api/v1/topics/${F.drafting}/plans`, "                     401  403  403  403  409  409  409  409  403  409", {
    body: () => body.plan(),
    stale: () => `/api/v1/topics/${F.closed}/plans`,
  }),
  r("GET", "/api/v1/plans/[id]", () => `/api/v1/plans/${F.draftPlan}`, "                                     401  403  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/plans/[id]/compare", () => `/api/v1/plans/${F.frozenPlan}/compare?from=1&to=1`, "          401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/plans/[id]/revisions", () => `/api/v1/plans/${F.draftPlan}/revisions`, "               401  403  403  403  409  409  403  403s 403  409", {
    label: "the committee drafted the open plan, not the frozen one",
    body: () => body.revision(),
    stale: () => `/api/v1/plans/${F.frozenPlan}/revisions`,
  }),
  r("POST", "/api/v1/plans/[id]/comments", () => `/api/v1/plans/${F.draftPlan}/comments`, "                 401  403  409  403  409  409  409  409  409  409", {
    body: () => ({ body: "安全测试评论" }),
    stale: () => `/api/v1/plans/${F.frozenPlan}/comments`,
  }),
  r("POST", "/api/v1/topics/[id]/start-drafting", () => `/api/v1/topics/${F.consulting}/start-drafting`, "401  403  403  403  403  403  403  403  403  409", {
    label: "community-level topic: not grid staff",
    stale: () => `/api/v1/topics/${F.closed}/start-drafting`,
  }),
  r("POST", "/api/v1/topics/[id]/alternatives", () => `/api/v1/topics/${F.drafting}/alternatives`, "       401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ allowed: true }),
    stale: () => `/api/v1/topics/${F.closed}/alternatives`,
  }),
  r("POST", "/api/v1/topics/[id]/after-failed-vote", () => `/api/v1/topics/${F.drafting}/after-failed-vote`, "401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ decision: "closeFailed", reason: "安全测试" }),
  }),

  // Meetings.
  r("GET", "/api/v1/meetings", () => "/api/v1/meetings", "                                              401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/meetings", () => "/api/v1/meetings", "                                             401  403  403  403  422  422  403  403  403  422", {
    label: "grid 1",
    body: () => body.meeting(F.g1, F.drafting),
    staleBody: () => body.meeting(F.g1, F.closed),
  }),
  r("POST", "/api/v1/meetings", () => "/api/v1/meetings", "                                             401  403  403  403  403  403  403  403  403  422", {
    label: "grid 2",
    body: () => body.meeting(F.g2, F.g2consulting),
    staleBody: () => body.meeting(F.g2, F.closed),
  }),
  r("GET", "/api/v1/meetings/options", () => "/api/v1/meetings/options", "                              401  403  403  403  200  200  403  403  403  200"),
  r("GET", "/api/v1/meetings/people", () => "/api/v1/meetings/people?q=王", "                               401  403  403  403  200  200  403  403  403  200"),
  r("PUT", "/api/v1/meetings/council-days/[gridId]", () => `/api/v1/meetings/council-days/${F.g2}`, "     401  403  403  403  403  403  403  403  403  422", {
    body: () => ({ councilDay: 3 }),
    staleBody: () => ({ councilDay: 31 }),
  }),
  r("GET", "/api/v1/meetings/[id]", () => `/api/v1/meetings/${F.meetingG2}`, "                             401  403  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/meetings/[id]/live", () => `/api/v1/meetings/${F.meeting}/live?once=1`, "                   401  403  200  200  200  200  200  200  200  200", {
    label: "the live room's state: the check-in link only to those who run the meeting",
    check: (caller, json) => {
      const checkIn = (json as { checkIn: unknown }).checkIn;
      if (["owner", "res2", "firm", "cttee", "superv"].includes(caller)) expect(checkIn, caller).toBeNull();
      if (["chief", "admin"].includes(caller)) expect(checkIn, caller).not.toBeNull();
    },
  }),
  r("GET", "/api/v1/meetings/[id]/live", () => `/api/v1/meetings/${F.meeting}/live?once=1&display=not-a-valid-display-code`, "401  403  200  200  200  200  200  200  200  200", {
    label: "a display code in the URL is no way in any more: signed out stays 401",
    check: (caller, json) => expect((json as { viewer: { role: string } }).viewer.role, caller).not.toBe("projector"),
  }),
  // The room PC's projector (lib/meetings/room/projector-cookie.ts): the link's enter route swaps a
  // code for a cookie of the projector's path and 303s to the clean URL — a wrong code to the same
  // page saying it opens nothing, with no cookie; the projector's stream reads only that cookie.
  r("GET", "/meetings/[id]/projector/enter", () => `/meetings/${F.meeting}/projector/enter?display=not-a-valid-display-code`, "303  303  303  303  303  303  303  303  303  303", {
    label: "a wrong display code sets no cookie, whoever follows it",
  }),
  r("GET", "/meetings/[id]/projector/live", () => `/meetings/${F.meeting}/projector/live?once=1`, "                403  403  403  403  403  403  403  403  403  403", {
    label: "without the projector's cookie nothing streams, signed in or not",
  }),
  r("PATCH", "/api/v1/meetings/[id]", () => `/api/v1/meetings/${F.meeting}`, "                            401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ ...body.meeting(F.g1, F.drafting), title: "被改掉的议事会" }),
    stale: () => `/api/v1/meetings/${F.cancelledMeeting}`,
  }),
  r("PATCH", "/api/v1/meetings/[id]", () => `/api/v1/meetings/${F.meetingG2}`, "                          401  403  403  403  403  403  403  403  403  409", {
    label: "grid 2",
    body: () => ({ ...body.meeting(F.g2, F.g2consulting), title: "被改掉的议事会" }),
    stale: () => `/api/v1/meetings/${F.cancelledMeeting}`,
  }),
  r("POST", "/api/v1/meetings/[id]/cancel", () => `/api/v1/meetings/${F.meeting}/cancel`, "              401  403  403  403  409  409  403  403  403  409", {
    stale: () => `/api/v1/meetings/${F.cancelledMeeting}/cancel`,
  }),
  r("POST", "/api/v1/meetings/[id]/response", () => `/api/v1/meetings/${F.meeting}/response`, "          401  403  409  403  403  403  403  403  403  403", {
    body: () => ({ response: "declined" }),
    stale: () => `/api/v1/meetings/${F.cancelledMeeting}/response`,
  }),
  r("POST", "/api/v1/meetings/[id]/check-in/open", () => `/api/v1/meetings/${F.meeting}/check-in/open`, "401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ validMinutes: 30 }),
    stale: () => `/api/v1/meetings/${F.cancelledMeeting}/check-in/open`,
  }),
  r("POST", "/api/v1/meetings/[id]/check-in/close", () => `/api/v1/meetings/${F.meeting}/check-in/close`, "401  403  403  403  200  200  403  403  403  200", {
    label: "closing a closed check-in again only records the event",
    staleWrites: ["events", "sqlite_sequence"],
    stale: () => `/api/v1/meetings/${F.cancelledMeeting}/check-in/close`,
  }),
  r("POST", "/api/v1/meetings/[id]/check-in", () => `/api/v1/meetings/${F.meeting}/check-in`, "          401  403  422  422  422  422  422  422  422  422", {
    body: () => ({ code: "000000" }),
  }),
  r("POST", "/api/v1/meetings/[id]/attendance", () => `/api/v1/meetings/${F.meeting}/attendance`, "       401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ personId: F.ownerId, present: true }),
    stale: () => `/api/v1/meetings/${F.cancelledMeeting}/attendance`,
  }),
  r("PUT", "/api/v1/meetings/[id]/minutes", () => `/api/v1/meetings/${F.meeting}/minutes`, "               401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ body: doc("安全测试纪要") }),
    stale: () => `/api/v1/meetings/${F.cancelledMeeting}/minutes`,
  }),
  r("POST", "/api/v1/meetings/[id]/minutes/publish", () => `/api/v1/meetings/${F.meeting}/minutes/publish`, "401  403  403  403  409  409  403  403  403  409", {
    stale: () => `/api/v1/meetings/${F.cancelledMeeting}/minutes/publish`,
  }),

  // Ballots.
  r("GET", "/api/v1/topics/[id]/ballots", () => `/api/v1/topics/${F.voting}/ballots`, "                  401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/topics/[id]/ballots", () => `/api/v1/topics/${F.drafting}/ballots`, "                 401  403  403  403  409  409  403  403  403  409", {
    body: () => body.ballot(F.draftPlan),
    stale: () => `/api/v1/topics/${F.closed}/ballots`,
  }),
  r("GET", "/api/v1/topics/[id]/ballots/options", () => `/api/v1/topics/${F.drafting}/ballots/options`, "401  403  403  403  200  200  403  403  403  200"),
  r("GET", "/api/v1/ballots", () => "/api/v1/ballots", "                                                401  403  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/ballots/[id]", () => `/api/v1/ballots/${F.openBallot}`, "                               401  403  200  200  200  200  200  200  200  200"),
  // The staff proxy may vote on the open ballot only for their principal, who voted in person: 409, like the owner's closed-ballot 409.
  r("POST", "/api/v1/ballots/[id]/votes", () => `/api/v1/ballots/${F.openBallot}/votes`, "               401  403  409  403  403  403  403  403  403  403  409  409", {
    body: () => ({ choice: "agree" }),
    stale: () => `/api/v1/ballots/${F.closedBallot}/votes`,
  }),
  r("POST", "/api/v1/ballots/[id]/paper", () => `/api/v1/ballots/${F.openBallot}/paper`, "               401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ electorKey: `person:${F.ownerId}`, choice: "agree", witness: "安全测试见证人" }),
    stale: () => `/api/v1/ballots/${F.closedBallot}/paper`,
  }),
  r("POST", "/api/v1/ballots/[id]/proxies", () => `/api/v1/ballots/${F.openBallot}/proxies`, "           401  403  403  403  409  409  403  403  403  409", {
    multipart: { electorKey: "", proxyPersonId: "" },
    stale: () => `/api/v1/ballots/${F.closedBallot}/proxies`,
  }),
  r("GET", "/api/v1/ballots/[id]/proxies/candidates", () => `/api/v1/ballots/${F.openBallot}/proxies/candidates?q=王`, "401  403  403  403  200  200  403  403  403  200"),
  r("GET", "/api/v1/ballots/[id]/proxies/[proxyId]/scan", () => `/api/v1/ballots/${F.g2ballot}/proxies/${F.g2proxy}/scan`, "401  403  403  403  403  403  403  403  403  200"),
  r("POST", "/api/v1/ballots/[id]/close", () => `/api/v1/ballots/${F.openBallot}/close`, "               401  403  403  403  409  409  403  403  403  409", {
    stale: () => `/api/v1/ballots/${F.closedBallot}/close`,
  }),

  // Inbox and notice board.
  r("GET", "/api/v1/notifications", () => "/api/v1/notifications", "                                   401  200  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/notifications/read", () => "/api/v1/notifications/read", "                         401  200  200  200  200  200  200  200  200  200", {
    label: "ids that are not the caller's: nothing changes",
    body: () => ({}),
    staleBody: () => ({ ids: [999_999_999] }),
  }),
  r("GET", "/api/v1/notices", () => "/api/v1/notices", "                                                200  200  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/notices/[id]", () => `/api/v1/notices/${F.notice}`, "                                  200  200  200  200  200  200  200  200  200  200"),
  // Reaching residents outside the app (issue 14): the public record and the share poster for anyone
  // (a token changes nothing), the entrance notice for the topic's staff.
  r("GET", "/api/v1/records/[id]", () => `/api/v1/records/${F.implementing}`, "                               200  200  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/records/[id]", () => `/api/v1/records/${F.drafting}`, "                                   404  404  404  404  404  404  404  404  404  404", { label: "no posted decision" }),
  r("GET", "/cosign/[topicId]/[key]/poster.png", () => `${F.sharePath}/poster.png`, "                      200  200  200  200  200  200  200  200  200  200"),
  r("GET", "/cosign/[topicId]/[key]/poster.png", () => `${F.sharePath.replace(/[\w-]{22}$/, "A".repeat(22))}/poster.png`, "404  404  404  404  404  404  404  404  404  404", { label: "wrong key" }),
  r("GET", "/topics/[id]/entrance-notice.pdf", () => `/topics/${F.implementing}/entrance-notice.pdf`, "          401  403  403  403  200  200  403  403  403  200"),

  // Supervision and rating.
  r("GET", "/api/v1/topics/[id]/supervisors", () => `/api/v1/topics/${F.g2topic}/supervisors`, "          401  403  200  200  200  200  200  200  200  200", {
    label: "who supervises is public in the community; candidates only for the topic's staff",
    check: (caller, json) => {
      const { supervisors, candidates } = json as { supervisors: { personId: number }[]; candidates: { personId: number }[] };
      expect(supervisors.length, caller).toBe(1);
      // Candidates are for the topic's staff only (for this grid-2 topic: the community admin), and
      // never someone already assigned. Other files may add supervisors, so their number is open.
      if (caller !== "admin") expect(candidates, caller).toEqual([]);
      const assigned = new Set(supervisors.map((s) => s.personId));
      expect(candidates.filter((c) => assigned.has(c.personId)), caller).toEqual([]);
    },
  }),
  r("POST", "/api/v1/topics/[id]/supervisors", () => `/api/v1/topics/${F.implementing}/supervisors`, "      401  403  403  403  200  200  403  403  403  200", {
    label: "assigning an assigned supervisor again changes nothing",
    body: () => ({ personIds: [F.supervId] }),
    stale: () => `/api/v1/topics/${F.closed}/supervisors`,
  }),
  r("DELETE", "/api/v1/topics/[id]/supervisors", () => `/api/v1/topics/${F.review}/supervisors?personId=${F.supervId}`, "401  403  403  403  404s 404s 403  403  403  404s", {
    label: "someone not assigned: 404 after the policy",
    stale: () => `/api/v1/topics/${F.review}/supervisors?personId=${F.ownerId}`,
  }),
  r("GET", "/api/v1/topics/[id]/ratings", () => `/api/v1/topics/${F.g2topic}/ratings`, "                401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/topics/[id]/ratings", () => `/api/v1/topics/${F.review}/ratings`, "                 401  403  403  403  403  403  403  403  409  403", {
    body: () => body.rating(),
    stale: () => `/api/v1/topics/${F.closed}/ratings`,
  }),
  r("POST", "/api/v1/topics/[id]/satisfaction", () => `/api/v1/topics/${F.review}/satisfaction`, "        401  403  409  403  403  403  403  403  403  403", {
    body: () => ({ answer: "satisfied" }),
    stale: () => `/api/v1/topics/${F.closed}/satisfaction`,
  }),
  r("GET", "/api/v1/topics/[id]/review", () => `/api/v1/topics/${F.g2topic}/review`, "                  401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/topics/[id]/review", () => `/api/v1/topics/${F.review}/review`, "                   401  403  403  403  409  409  403  403  403  409", {
    stale: () => `/api/v1/topics/${F.closed}/review`,
  }),
  r("POST", "/api/v1/topics/[id]/review/excusals", () => `/api/v1/topics/${F.review}/review/excusals`, "401  403  403  403  409  409  403  403  403  409", {
    label: "staff only; allowed callers meet a closed topic (reviewNotOpen)",
    body: () => ({ personId: F.supervId, reason: "安全测试：外出无法评价" }),
    stale: () => `/api/v1/topics/${F.closed}/review/excusals`,
  }),
  r("POST", "/api/v1/topics/[id]/review/check", () => `/api/v1/topics/${F.closed}/review/check`, "        401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ outcome: "held" }),
    stale: () => `/api/v1/topics/${F.rejected}/review/check`,
  }),

  // Getting it done.
  r("POST", "/api/v1/topics/[id]/start-implementation", () => `/api/v1/topics/${F.implementing}/start-implementation`, "401  403  403  403  409  409  403  403  403  409"),
  r("GET", "/api/v1/topics/[id]/tasks", () => `/api/v1/topics/${F.g2topic}/tasks`, "                    401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/topics/[id]/tasks", () => `/api/v1/topics/${F.implementing}/tasks`, "               401  403  403  403  409  409  403  403  403  409", {
    body: () => body.task(),
    stale: () => `/api/v1/topics/${F.closed}/tasks`,
  }),
  r("POST", "/api/v1/topics/[id]/tasks", () => `/api/v1/topics/${F.g2topic}/tasks`, "                   401  403  403  403  403  403  403  403  403  409", {
    label: "grid 2 topic",
    body: () => body.task(),
  }),
  r("GET", "/api/v1/tasks", () => "/api/v1/tasks", "                                                    401  403  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/tasks/board", () => "/api/v1/tasks/board", "                                        401  403  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/tasks/[id]", () => `/api/v1/tasks/${F.g2task}`, "                                       401  403  200  200  200  200  200  200  200  200"),
  r("POST", "/api/v1/tasks/[id]/take", () => `/api/v1/tasks/${F.activeTask}/take`, "                       401  403  403  403  403  403  409  403  403  403"),
  r("POST", "/api/v1/tasks/[id]/decline", () => `/api/v1/tasks/${F.activeTask}/decline`, "                 401  403  403  403  403  403  409  403  403  403", {
    body: () => ({ reason: "安全测试" }),
  }),
  r("POST", "/api/v1/tasks/[id]/reassign", () => `/api/v1/tasks/${F.activeTask}/reassign`, "               401  403  403  403  409  409  403  403  403  409", {
    body: () => ({ assignee: `person:${F.ownerId}` }),
    stale: () => `/api/v1/tasks/${F.doneTask}/reassign`,
  }),
  r("POST", "/api/v1/tasks/[id]/claim", () => `/api/v1/tasks/${F.activeTask}/claim`, "                     401  403  409  409  409  409  409  409  409  409"),
  r("POST", "/api/v1/tasks/[id]/progress", () => `/api/v1/tasks/${F.activeTask}/progress`, "               401  403  403  403  403  403  409  403  403  403", {
    body: () => ({ body: "安全测试进度", percent: 70 }),
    stale: () => `/api/v1/tasks/${F.doneTask}/progress`,
  }),

  // Files: photos (404 to whoever may not see them, so their existence does not leak), the
  // topic record PDF and the staff exports.
  r("GET", "/topics/photos/[id]", () => `/topics/photos/${F.topicPhoto}`, "                                   404  404  200  200  200  200  200  200  200  200"),
  r("GET", "/tasks/photos/[id]", () => `/tasks/photos/${F.taskPhoto}`, "                                      404  404  200  200  200  200  200  200  200  200"),
  r("GET", "/ratings/photos/[id]", () => `/ratings/photos/${F.ratingPhoto}`, "                                404  404  404  404  404  404  404  404  200  200"),
  r("GET", "/topics/[id]/record.pdf", () => `/topics/${F.g2topic}/record.pdf`, "                              401  403  200  200  200  200  200  200  200  200"),
  r("GET", "/api/v1/exports/[file]", () => `/api/v1/exports/topics.csv?gridId=${F.g1}`, "                    401  403  403  403  200  200  403  403  403  200", { label: "topics.csv, grid 1" }),
  r("GET", "/api/v1/exports/[file]", () => `/api/v1/exports/ballots.xlsx?gridId=${F.g2}`, "                  401  403  403  403  403  403  403  403  403  200", { label: "ballots.xlsx, grid 2" }),
  r("GET", "/api/v1/exports/[file]", () => "/api/v1/exports/ratings.csv", "                                     401  403  403  403  403  403  403  403  403  200", { label: "ratings.csv, whole community" }),
  // Activation letters (policy activation.issue: the grid's staff, community admins). The demo has
  // nobody imported waiting, so an allowed caller gets 422 activationNobody and nothing is issued.
  r("POST", "/api/v1/activation/letters", () => "/api/v1/activation/letters", "                             401  403  403  403  422  422  403  403  403  422", { label: "grid 1", body: () => ({ gridId: F.g1 }) }),
  r("POST", "/api/v1/activation/letters", () => "/api/v1/activation/letters", "                             401  403  403  403  403  403  403  403  403  422", { label: "grid 2", body: () => ({ gridId: F.g2 }) }),
  r("POST", "/api/v1/activation/letters", () => "/api/v1/activation/letters", "                             401  403  403  403  403  403  403  403  403  422", { label: "whole community", body: () => ({}) }),
];

/** Routes checked by their own tests below rather than by a matrix row. */
const specialRoutes = new Set(["POST /api/v1/auth/token", "DELETE /api/v1/auth/token", "POST /api/auth/[...nextauth]"]);

type Want = { status: number; stale: boolean };
const expectOf = (row: Row): Record<Caller, Want> => {
  const given = row.expect.trim().split(/\s+/);
  // Ten columns: the proxy callers get the status of the caller with their rights outside ballots.
  const tokens = given.length === callers.length - 2 ? callers.map((c, i) => given[i] ?? given[callers.indexOf(sameRightsAs[c]!)]!) : given;
  if (tokens.length !== callers.length || tokens.some((t) => !/^\d{3}s?$/.test(t))) throw new Error(`bad matrix row ${row.method} ${row.route}`);
  const hasStale = !!(row.stale || row.staleBody);
  return Object.fromEntries(
    callers.map((c, i) => {
      const status = Number(tokens[i]!.slice(0, 3));
      const refused = status === 401 || status === 403 || status === 404;
      return [c, { status, stale: hasStale && (tokens[i]!.endsWith("s") || !refused) }];
    }),
  ) as Record<Caller, Want>;
};
const PROBE = process.env.SECAPI_PROBE === "1";

async function send(row: Row, caller: Caller, want: Want): Promise<Res> {
  const url = want.stale && row.stale ? row.stale() : row.path();
  const b = want.stale && row.staleBody ? row.staleBody() : row.body?.();
  const token = await tokenOf(caller);
  if (row.multipart) {
    const form = new FormData();
    const fields = { ...row.multipart, electorKey: `person:${F.ownerId}`, proxyPersonId: String(F.res2Id) };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("scan", new Blob([new Uint8Array(png)], { type: "image/png" }), "scan.png");
    return call(url, { method: row.method, token, raw: form });
  }
  return call(url, { method: row.method, token, body: b ?? (row.method === "GET" || row.method === "DELETE" ? undefined : {}) });
}

describe("every route handler is in the matrix", () => {
  test("the file system, the OpenAPI document and the matrix list the same routes", async () => {
    const inMatrix = new Set([...rows.map((x) => `${x.method} ${x.route}`), ...specialRoutes]);
    const onDisk = routeFiles().flatMap((f) => f.methods.map((m) => `${m} ${f.route}`));
    expect(onDisk.length).toBeGreaterThan(90);
    expect(onDisk.filter((k) => !inMatrix.has(k)), "route handlers without a matrix row").toEqual([]);
    expect([...inMatrix].filter((k) => !onDisk.includes(k)), "matrix rows without a route handler").toEqual([]);

    const doc = (await call("/api/v1/openapi.json")).json as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ms]) => Object.keys(ms).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, "[$1]")}`));
    const normalise = (k: string) => k.replace(/\[[^\]]+\]/g, "[_]");
    const disk = new Set(onDisk.map(normalise));
    expect(documented.filter((k) => !disk.has(normalise(k))), "documented operations without a route handler").toEqual([]);
    // What the OpenAPI document does not describe, on purpose or not (see the report).
    const undocumented = onDisk.filter((k) => k.includes("/api/v1/") && !documented.map(normalise).includes(normalise(k)));
    // The document itself, the file downloads (not JSON) and liveness may stay out; nothing else.
    const mayBeUndocumented = ["GET /api/v1/exports/[file]", "GET /api/v1/health", "GET /api/v1/openapi.json"];
    expect(undocumented.filter((k) => !mayBeUndocumented.includes(k))).toEqual([]);
  });
});

describe("the policy matrix", () => {
  for (const row of rows) {
    const name = `${row.method} ${row.route}${row.label ? ` (${row.label})` : ""}`;
    test(name, async () => {
      const want = expectOf(row);
      const got: Partial<Record<Caller, number>> = {};
      const failures: string[] = [];
      // Reads are independent: every caller at once.
      const early = row.method === "GET" ? new Map(await Promise.all(callers.map(async (c) => [c, await send(row, c, want[c])] as const))) : null;
      for (const caller of callers) {
        const before = row.method === "GET" ? null : snapshot();
        const res = early?.get(caller) ?? (await send(row, caller, want[caller]));
        got[caller] = res.status;
        if (PROBE) {
          if (res.status !== want[caller].status) failures.push(`${caller}: ${res.status} (want ${want[caller].status}) ${res.text.slice(0, 160)}`);
          if (before && (res.status >= 300 || want[caller].stale)) {
            const changed = changedTables(before, snapshot()).filter((t) => !(row.staleWrites ?? []).includes(t));
            if (changed.length) failures.push(`${caller}: WROTE ${changed.join(",")}`);
          }
          continue;
        }
        expect(res.status, `${name} as ${caller}: ${res.text.slice(0, 300)}`).toBe(want[caller].status);
        // A proxy holder, staff or not, is never sent anyone's choice.
        expectNoChoiceFor(caller, res.text, `${name} as ${caller}`);
        if (res.status < 300) row.check?.(caller, res.json);
        if (res.status >= 400) {
          const bare = row.route.includes("/photos/") || row.route.endsWith("/scan");
          if (bare) expect(res.text.length < 200 && !leakIn(res.text), `${name} as ${caller}: bare refusal`).toBe(true);
          else expectJsonError(res, `${name} as ${caller}`);
        }
        // A refusal writes nothing; neither does an allowed caller sent where the action is over.
        if (before && (res.status >= 300 || want[caller].stale)) {
          const changed = changedTables(before, snapshot()).filter((t) => !(want[caller].stale && (row.staleWrites ?? []).includes(t)));
          expect(changed, `${name} as ${caller} wrote`).toEqual([]);
        }
      }
      if (PROBE && failures.length) console.log(`PROBE ${name}\n  ${failures.join("\n  ")}`);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Malformed and oversized input, as a caller who IS allowed: always a 4xx with a readable message
// (Chinese, or English when asked), never a 500 or a stack trace, and nothing written.

/** A caller that passes the policy of a row, and where to send it so that nothing could be written. */
function allowedCall(row: Row): { caller: Caller; url: string; valid: unknown } {
  const want = expectOf(row);
  const caller = callers.find((c) => want[c].stale || ![401, 403, 404].includes(want[c].status)) ?? "admin";
  const stale = want[caller].stale;
  return { caller, url: stale && row.stale ? row.stale() : row.path(), valid: (stale && row.staleBody ? row.staleBody() : row.body?.()) ?? {} };
}

/** The same body with every field of the wrong type. */
function wrongTypes(b: unknown): unknown {
  if (Array.isArray(b)) return "not-a-list";
  if (b && typeof b === "object") return Object.fromEntries(Object.entries(b).map(([k, v]) => [k, typeof v === "string" ? { nested: true } : typeof v === "number" ? "十二" : typeof v === "boolean" ? "maybe" : Array.isArray(v) ? "x" : 12345]));
  return b;
}
function hasKind(b: unknown, kind: "string" | "object"): boolean {
  return !!b && typeof b === "object" && Object.values(b).some((v) => (kind === "object" ? v && typeof v === "object" && !Array.isArray(v) : typeof v === kind));
}
/** A tiptap document nested `depth` lists deep, as JSON text (too deep for JSON.stringify's own stack). */
const nestedDocJson = (depth: number) =>
  '{"type":"doc","content":[' + Array.from({ length: depth }, (_, i) => `{"type":"${i % 2 ? "listItem" : "bulletList"}","content":[`).join("") + '{"type":"text","text":"深"}' + "]}".repeat(depth) + "]}";
const deepJson = (depth: number) => "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);

type Payload = { name: string; raw: string | (() => BodyInit); contentType?: string; must4xx: boolean };

function payloadsFor(valid: unknown): Payload[] {
  const list: Payload[] = [
    { name: "text that is not JSON", raw: "这不是 JSON <html>", must4xx: true },
    { name: "truncated JSON", raw: '{"title": "半截', must4xx: true },
    { name: "a JSON array", raw: "[1, 2, 3]", must4xx: true },
    { name: "JSON null", raw: "null", must4xx: true },
    { name: "a JSON number", raw: "42", must4xx: true },
    { name: "a JSON string", raw: '"hello"', must4xx: true },
    { name: "a 2 MB body", raw: () => JSON.stringify({ ...(valid as object), padding: "x".repeat(2 * 1024 * 1024) }), must4xx: true },
    { name: "nesting 100 000 deep", raw: () => JSON.stringify({ ...(valid as object), extra: 0 }).replace('"extra":0', `"extra":${deepJson(100_000)}`), must4xx: false },
    { name: "an unknown 100k-character field", raw: JSON.stringify({ ...(valid as object), unknown: "字".repeat(100_000) }), must4xx: false },
    { name: "a form-encoded body", raw: "title=a&body=b", contentType: "application/x-www-form-urlencoded", must4xx: true },
    { name: "JSON sent as text/plain", raw: JSON.stringify(valid), contentType: "text/plain", must4xx: true },
    { name: "garbage declared as multipart", raw: "--x\r\nnot really a part", contentType: "multipart/form-data; boundary=zzz", must4xx: true },
  ];
  if (hasKind(valid, "string") || hasKind(valid, "object")) list.push({ name: "every field of the wrong type", raw: JSON.stringify(wrongTypes(valid)), must4xx: true });
  if (hasKind(valid, "string"))
    list.push({ name: "every text field 100k characters", raw: JSON.stringify(Object.fromEntries(Object.entries(valid as object).map(([k, v]) => [k, typeof v === "string" && !/^(person|organisation):|^\d{4}-/.test(v) ? "长".repeat(100_000) : v]))), must4xx: true });
  if (hasKind(valid, "object"))
    list.push({
      name: "a rich-text document nested 5 000 deep",
      raw: () => JSON.stringify(Object.fromEntries(Object.entries(valid as object).map(([k, v]) => [k, v && typeof v === "object" && !Array.isArray(v) ? "@DEEP@" : v]))).replace('"@DEEP@"', nestedDocJson(5000)),
      must4xx: false,
    });
  return list;
}


const writeRows = [...new Map(rows.filter((x) => x.method !== "GET" && x.route.startsWith("/api/v1/")).map((x) => [`${x.method} ${x.route}`, x])).values()];

describe("malformed and oversized bodies to every API write, as an allowed caller", () => {
  for (const row of writeRows) {
    test(`${row.method} ${row.route}`, async () => {
      const { caller, url, valid } = allowedCall(row);
      const token = await tokenOf(caller);
      const problems: string[] = [];
      // Handlers that take no body ignore one, which is fine as long as nothing breaks.
      const readsBody = row.body !== undefined || row.multipart !== undefined;
      for (const p of payloadsFor(valid).map((x) => ({ ...x, must4xx: x.must4xx && readsBody }))) {
        const before = snapshot();
        const raw = typeof p.raw === "function" ? p.raw() : p.raw;
        const res = await call(url, { method: row.method, token, raw, headers: { "content-type": p.contentType ?? "application/json" } });
        const label = `${row.method} ${url} as ${caller} with ${p.name}`;
        if (res.status >= 500) problems.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
        else if (p.must4xx && (res.status < 400 || res.status >= 500)) problems.push(`${label}: ${res.status}, want 4xx`);
        if (res.status >= 400 && res.status < 500) {
          try {
            expectJsonError(res, label);
          } catch (e) {
            problems.push(String(e).slice(0, 300));
          }
        }
        if (res.status >= 300 || want2xxIsStale(row, caller)) {
          const changed = changedTables(before, snapshot()).filter((t) => !(row.staleWrites ?? []).includes(t));
          if (changed.length) problems.push(`${label}: wrote ${changed.join(", ")}`);
        }
      }
      // The refusal in English when the caller asks for it (a handler without a body refuses for its own reason).
      const en = await call(url, { method: row.method, token, raw: "{oops", headers: { "content-type": "application/json" }, lang: "en" });
      if (readsBody ? en.status !== 422 : en.status >= 500) problems.push(`English: ${en.status} ${en.text.slice(0, 200)}`);
      else if (en.status >= 400) expectJsonError(en, `${row.method} ${url} in English`, "en");
      expect(problems).toEqual([]);
    });
  }
});

function want2xxIsStale(row: Row, caller: Caller) {
  return expectOf(row)[caller].stale;
}

// ---------------------------------------------------------------------------------------------
// Ids in the path that are not ids: a 4xx, never a 500, nothing written.

const badIds = ["abc", "-1", "0", "1e9", "1.5", "99999999999999999999", "1;DROP TABLE topics", "' OR 1=1 --", "%00", "０１"];

describe("invalid ids (and other parameters) in the path of every route with one", () => {
  const withId = [...new Map(rows.filter((x) => x.route.includes("[") && !x.route.includes("[...")).map((x) => [`${x.method} ${x.route}`, x])).values()];
  for (const row of withId) {
    test(`${row.method} ${row.route}`, async () => {
      const { caller, url, valid } = allowedCall(row);
      const token = await tokenOf(caller);
      const problems: string[] = [];
      // The first parameter of the path, where the route has it: /api/v1/topics/12/admit →
      // /api/v1/topics/<bad>/admit; /api/v1/imports/people/staff/template → …/people/<bad>/template.
      const parts = url.split("?")[0]!.split("/");
      const at = row.route.split("/").findIndex((p) => p.startsWith("["));
      expect(at, url).toBeGreaterThan(0);
      for (const bad of badIds) {
        const before = snapshot();
        const target = [...parts.slice(0, at), encodeURIComponent(bad), ...parts.slice(at + 1)].join("/");
        const res = await call(target, { method: row.method, token, body: row.method === "GET" || row.method === "DELETE" ? undefined : valid });
        const label = `${row.method} ${target} as ${caller}`;
        // A public list of an unknown grid or building may simply be empty.
        const emptyList = row.method === "GET" && res.status === 200 && sizeOf(res.json) === 0;
        if ((res.status < 400 && !emptyList) || res.status >= 500) problems.push(`${label}: ${res.status} ${res.text.slice(0, 160)}`);
        else if (emptyList) continue;
        else if (!row.route.includes("/photos/") && !row.route.endsWith("/scan")) {
          try {
            expectJsonError(res, label);
          } catch (e) {
            problems.push(String(e).slice(0, 300));
          }
        } else if (leakIn(res.text)) problems.push(`${label}: leaks ${res.text.slice(0, 160)}`);
        const changed = changedTables(before, snapshot());
        if (changed.length) problems.push(`${label}: wrote ${changed.join(", ")}`);
      }
      expect(problems).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// SQL-injection-shaped input in every search and filter: an answer no larger than an innocuous
// query's (never the whole table) or a 4xx with a message; never a 500; every table intact.

const injections = [
  "' OR 1=1 --",
  "\" OR \"\"=\"",
  "\"; DROP TABLE topics; --",
  "1 UNION SELECT id, phone, password_hash FROM people --",
  "%' AND 1=1 --",
  "1) OR (1=1",
  "NEAR(电梯 停车)",
  "*",
  "\"",
  "^电梯",
  "title:电梯",
  "电梯 OR 停车 OR *",
  "a\u0000b",
  // Long, but under Node's 16 KB limit for the request line and headers (beyond it the HTTP server itself answers 431).
  "长".repeat(400),
];

/** How many items an answer lists: its total when it has one, else the items of its lists. */
function sizeOf(json: unknown): number {
  if (!json || typeof json !== "object") return 0;
  const o = json as Record<string, unknown>;
  if (typeof o.total === "number") return o.total;
  let n = 0;
  for (const v of Object.values(o)) {
    if (Array.isArray(v)) n += v.length;
    else if (v && typeof v === "object") n += sizeOf(v);
  }
  return n;
}

type Filter = { name: string; caller: Caller; url: (v: string) => string; baseline: () => string };
const filters: Filter[] = [
  { name: "topic list q", caller: "owner", url: (v) => `/api/v1/topics?q=${v}`, baseline: () => "/api/v1/topics" },
  { name: "topic list grid", caller: "owner", url: (v) => `/api/v1/topics?gridId=${v}`, baseline: () => "/api/v1/topics" },
  { name: "topic list stage", caller: "owner", url: (v) => `/api/v1/topics?stage=${v}`, baseline: () => "/api/v1/topics" },
  { name: "topic list category", caller: "owner", url: (v) => `/api/v1/topics?categoryId=${v}`, baseline: () => "/api/v1/topics" },
  { name: "topic list page and view", caller: "chief", url: (v) => `/api/v1/topics?page=${v}&view=${v}`, baseline: () => "/api/v1/topics" },
  { name: "similar topics q", caller: "owner", url: (v) => `/api/v1/topics/similar?gridId=${F.g1}&q=${v}`, baseline: () => `/api/v1/topics/similar?gridId=${F.g1}&q=${encodeURIComponent("楼道")}` },
  { name: "similar topics grid", caller: "owner", url: (v) => `/api/v1/topics/similar?gridId=${v}&q=${encodeURIComponent("电梯")}`, baseline: () => `/api/v1/topics/similar?gridId=${F.g1}&q=${encodeURIComponent("电梯")}` },
  { name: "people q and page", caller: "admin", url: (v) => `/api/v1/people?q=${v}&page=${v}`, baseline: () => "/api/v1/people" },
  { name: "people community", caller: "admin", url: (v) => `/api/v1/people?communityId=${v}`, baseline: () => "/api/v1/people" },
  { name: "meeting people q", caller: "chief", url: (v) => `/api/v1/meetings/people?q=${v}`, baseline: () => `/api/v1/meetings/people?q=${encodeURIComponent("王")}` },
  { name: "meeting people community", caller: "chief", url: (v) => `/api/v1/meetings/people?communityId=${v}&q=${encodeURIComponent("王")}`, baseline: () => `/api/v1/meetings/people?q=${encodeURIComponent("王")}` },
  { name: "invitation candidates q", caller: "chief", url: (v) => `/api/v1/topics/${F.awaiting}/invitations/candidates?q=${v}`, baseline: () => `/api/v1/topics/${F.awaiting}/invitations/candidates?q=${encodeURIComponent("王")}` },
  { name: "proxy candidates q", caller: "chief", url: (v) => `/api/v1/ballots/${F.openBallot}/proxies/candidates?q=${v}`, baseline: () => `/api/v1/ballots/${F.openBallot}/proxies/candidates?q=${encodeURIComponent("王")}` },
  { name: "notices filters", caller: "anon", url: (v) => `/api/v1/notices?communityId=${v}&gridId=${v}&archive=${v}&page=${v}`, baseline: () => "/api/v1/notices?archive=1" },
  { name: "notifications page and unread", caller: "chief", url: (v) => `/api/v1/notifications?page=${v}&unread=${v}`, baseline: () => "/api/v1/notifications" },
  { name: "meetings when and grid", caller: "chief", url: (v) => `/api/v1/meetings?when=${v}&gridId=${v}`, baseline: () => "/api/v1/meetings" },
  { name: "meetings of a topic", caller: "chief", url: (v) => `/api/v1/meetings?topicId=${v}`, baseline: () => "/api/v1/meetings" },
  { name: "grids community", caller: "admin", url: (v) => `/api/v1/grids?communityId=${v}`, baseline: () => "/api/v1/grids" },
  { name: "organisations kind", caller: "admin", url: (v) => `/api/v1/organisations?kind=${v}&communityId=${v}`, baseline: () => "/api/v1/organisations" },
  { name: "catalog community", caller: "admin", url: (v) => `/api/v1/catalog?communityId=${v}`, baseline: () => "/api/v1/catalog" },
  { name: "plan revision", caller: "owner", url: (v) => `/api/v1/plans/${F.draftPlan}?revision=${v}`, baseline: () => `/api/v1/plans/${F.draftPlan}` },
  { name: "plan compare", caller: "owner", url: (v) => `/api/v1/plans/${F.frozenPlan}/compare?from=${v}&to=${v}`, baseline: () => `/api/v1/plans/${F.frozenPlan}/compare?from=1&to=1` },
  { name: "export grid", caller: "admin", url: (v) => `/api/v1/exports/topics.csv?gridId=${v}`, baseline: () => "/api/v1/exports/topics.csv" },
];

describe("SQL-injection-shaped input in every search and filter", () => {
  for (const f of filters) {
    test(f.name, async () => {
      const token = await tokenOf(f.caller);
      const baseline = await call(f.baseline(), { token });
      expect(baseline.status, baseline.text.slice(0, 200)).toBe(200);
      const most = f.name.startsWith("export") ? baseline.text.split("\n").length : sizeOf(baseline.json);
      const topics = one<{ n: number }>("select count(*) as n from topics").n;
      const before = snapshot();
      const problems: string[] = [];
      await Promise.all(
        injections.map(async (inj) => {
          const res = await call(f.url(encodeURIComponent(inj)), { token });
          const label = `${f.name} with ${JSON.stringify(inj.slice(0, 40))}`;
          if (res.status >= 500 || leakIn(res.text)) problems.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
          else if (res.status >= 400) {
            try {
              expectJsonError(res, label);
            } catch (e) {
              problems.push(String(e).slice(0, 300));
            }
          } else {
            const n = f.name.startsWith("export") ? res.text.split("\n").length : sizeOf(res.json);
            if (n > most) problems.push(`${label}: ${n} items, an innocuous query gives ${most}`);
          }
        }),
      );
      expect(problems).toEqual([]);
      expect(changedTables(before, snapshot()), "tables intact").toEqual([]);
      expect(one<{ n: number }>("select count(*) as n from topics").n).toBe(topics);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The secrecy of the vote against proxy holders (a neighbour, and a grid worker who holds a proxy).

describe("a proxy never reveals or replaces a cast vote", () => {
  test("the holders read 已投票 and no choice, cannot replace the principal's vote, and no proxy is recorded for someone who voted", async () => {
    const fx = await ensureProxyCallers();
    for (const who of ["proxy", "staffProxy"] as const) {
      const token = await tokenOf(who);
      const key = fx.principalKey[who];
      const read = await call(`/api/v1/ballots/${fx.ballotId}`, { token });
      expect(read.status).toBe(200);
      const mine = (read.json as { me: { electors: { electorKey: string; viaProxy: boolean; voted: boolean; mayVote: boolean; vote: unknown }[] } }).me.electors;
      expect(mine.find((e) => e.electorKey === key), who).toEqual(expect.objectContaining({ viaProxy: true, voted: true, mayVote: false, vote: null }));
      expectNoChoiceFor(who, read.text, `GET ballot as ${who}`);
      const before = snapshot();
      const replace = await call(`/api/v1/ballots/${fx.ballotId}/votes`, { method: "POST", token, body: { electorKey: key, choice: "agree" } });
      expect(replace.status, replace.text).toBe(409);
      expectJsonError(replace, `replace as ${who}`);
      expectNoChoiceFor(who, replace.text, `replace as ${who}`);
      expect(changedTables(before, snapshot())).toEqual([]);
    }
    // Staff cannot hand a cast vote to anyone, themselves included.
    const form = new FormData();
    form.set("electorKey", fx.principalKey.proxy);
    form.set("proxyPersonId", String(personByPhone(phones.chief)));
    form.set("scan", new Blob([new Uint8Array(png)], { type: "image/png" }), "scan.png");
    const before = snapshot();
    const late = await call(`/api/v1/ballots/${fx.ballotId}/proxies`, { method: "POST", token: await tokenOf("chief"), raw: form });
    expect(late.status, late.text).toBe(409);
    expect((late.json as { error: { message: string } }).error.message).toContain("已经投过票");
    expect(changedTables(before, snapshot())).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Bearer tokens and session cookies.

describe("who is calling: tokens and session cookies", () => {
  test("an unknown, malformed or revoked bearer token is refused with 401 everywhere, even on public reads it would not need", async () => {
    const fresh = await call("/api/v1/auth/token", { method: "POST", body: { phone: "13800000150", password: "demo1234" } });
    expect(fresh.status).toBe(201);
    const token = (fresh.json as { token: string }).token;
    expect((await call("/api/v1/me", { token })).status).toBe(200);
    // Signing out of the API: the token stops working at once.
    expect((await call("/api/v1/auth/token", { method: "DELETE", token })).status).toBe(200);
    for (const bad of [token, "gc_" + "A".repeat(43), "' OR 1=1 --", "x".repeat(5000)]) {
      for (const path of ["/api/v1/me", "/api/v1/topics", `/api/v1/topics/${F.proposed}/cosign`]) {
        const before = snapshot();
        const res = await call(path, { method: path.endsWith("cosign") ? "POST" : "GET", token: bad });
        expect(res.status, `${path} with ${bad.slice(0, 20)}`).toBe(401);
        expectJsonError(res, `${path} with a bad token`);
        expect((res.json as { error: { message: string } }).error.message).toBe("登录已失效，请重新登录获取令牌");
        expect(changedTables(before, snapshot())).toEqual([]);
      }
    }
    const en = await call("/api/v1/me", { token: "nope", lang: "en" });
    expectJsonError(en, "bad token in English", "en");
    // Signing out without a token says so; it is no server error.
    const anon = await call("/api/v1/auth/token", { method: "DELETE" });
    expect(anon.status).toBeGreaterThanOrEqual(400);
    expect(anon.status).toBeLessThan(500);
    expectJsonError(anon, "DELETE token signed out");
  });

  test("an expired token is refused with 401", async () => {
    const fresh = await call("/api/v1/auth/token", { method: "POST", body: { phone: "13800000151", password: "demo1234" } });
    const token = (fresh.json as { token: string }).token;
    // Expire it in the database the server uses (the only write this suite makes behind the app's back).
    const Database = (await import("better-sqlite3")).default;
    const { createHash } = await import("node:crypto");
    const { inject } = await import("vitest");
    const w = new Database(inject("dbFile"));
    try {
      w.prepare("update api_tokens set expires_at = ? where token_hash = ?").run(Date.now() - 1000, createHash("sha256").update(token).digest("hex"));
    } finally {
      w.close();
    }
    const res = await call("/api/v1/me", { token });
    expect(res.status).toBe(401);
    expectJsonError(res, "expired token");
  });

  test("the token endpoint: bad bodies are a 4xx with a message; an unknown account is 401", async () => {
    for (const raw of ["", "{oops", "[]", "null", JSON.stringify({ phone: "' OR 1=1 --", password: "x" }), JSON.stringify({ phone: 13800000101, password: ["demo1234"] })]) {
      const res = await call("/api/v1/auth/token", { method: "POST", raw, headers: { "content-type": "application/json" } });
      expect(res.status, raw).toBeGreaterThanOrEqual(400);
      expect(res.status, raw).toBeLessThan(500);
      expectJsonError(res, `token with ${raw}`);
    }
    // A number nobody has: no demo account is ever sent a wrong password (the lock-out would bite).
    const unknown = await call("/api/v1/auth/token", { method: "POST", body: { phone: "13700009999", password: "demo1234" } });
    expect(unknown.status).toBe(401);
    expectJsonError(unknown, "unknown account");
  });

  test("a session cookie is the same caller as the bearer token, for reads and for refused writes", async () => {
    const owner = await sessionCookie(phones.owner);
    const chief = await sessionCookie(phones.chief);
    // From the app's own pages, as a browser says (a cookie write from elsewhere is refused before
    // the policy is asked: security-origin.test.ts).
    const withCookie = (cookie: string, path: string, method = "GET", b?: unknown) => call(path, { method, headers: { cookie, "sec-fetch-site": "same-origin" }, body: b });
    expect(((await withCookie(owner, "/api/v1/me")).json as { phone: string }).phone).toBe(phones.owner);
    expect((await withCookie(owner, "/api/v1/people")).status).toBe(403);
    expect((await withCookie(chief, `/api/v1/topics/${F.awaiting}/invitations`)).status).toBe(200);
    expect((await withCookie(chief, `/api/v1/topics/${F.g2topic}/supervisors`)).status).toBe(200);
    expect((await withCookie(chief, `/ratings/photos/${F.ratingPhoto}`)).status).toBe(404);
    expect((await withCookie(owner, `/api/v1/exports/topics.csv?gridId=${F.g1}`)).status).toBe(403);
    expect((await withCookie(chief, `/api/v1/exports/topics.csv?gridId=${F.g1}`)).status).toBe(200);
    const before = snapshot();
    for (const [cookie, path, b] of [
      [owner, `/api/v1/topics/${F.awaiting}/admit`, { level: "grid" }],
      [chief, `/api/v1/topics/${F.g2awaiting}/admit`, { level: "grid" }],
      [chief, "/api/v1/grids", { code: "98", name: "不该建成" }],
      [owner, `/api/v1/ballots/${F.openBallot}/close`, {}],
    ] as const) {
      const res = await withCookie(cookie, path, "POST", b);
      expect(res.status, path).toBe(403);
      expectJsonError(res, `cookie POST ${path}`);
    }
    expect(changedTables(before, snapshot())).toEqual([]);
    // A forged or stale cookie is nobody: 401, not someone.
    const forged = await withCookie("next-auth.session-token=eyJhbGciOiJub25lIn0.eyJwZXJzb25JZCI6MX0.", "/api/v1/me");
    expect(forged.status).toBe(401);
    // next-auth's own POST without its CSRF token: refused before any password is checked (so it
    // counts towards no lock-out), and no session comes of it.
    const signIn = await call("/api/auth/callback/credentials", {
      method: "POST",
      raw: new URLSearchParams({ phone: phones.owner, password: "demo1234", json: "true" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(signIn.status).toBeLessThan(500);
    expect(signIn.headers.getSetCookie().some((c) => c.includes("session-token=") && !/session-token=;/.test(c))).toBe(false);
  });
});
