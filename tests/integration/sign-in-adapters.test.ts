import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";

/*
 * Sign-in is required by type: a use case that needs a person takes an ActorCtx, and only the
 * adapters build one — server actions (lib/actions/run.ts) and route handlers (lib/api/handler.ts)
 * refuse a signed-out caller with 401 signInRequired before the use case runs. The signed-out
 * assertions that used to call use cases with `actor: null` (admin, admin-catalog, admin-people,
 * accounts, drafting, inbox, meetings, opinions, plans, sessions, policy) live here now, against
 * the route or action that runs each use case; the e2e matrices (tests/e2e/security-*.test.ts)
 * check every route, action and page signed out on the production build.
 */

// The routes and actions use the process-wide database: point it at a throwaway folder first.
const tmp = await vi.hoisted(async () => {
  const { throwawayDbEnv } = await import("../helpers/process-db");
  return throwawayDbEnv("sign-in-adapters", { NEXTAUTH_SECRET: "sign-in-adapters-secret" });
});
const session = vi.hoisted(() => ({ actor: null as import("@/lib/auth/actor").Actor | null }));
// No browser session: a call without a bearer token is signed out.
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => null }));
// Server actions read the signed-in person and the language from the request; here, from the test.
vi.mock("@/lib/auth/session", () => ({ currentActor: async () => session.actor, currentSessionId: async () => null }));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined }),
  headers: async () => new Headers({ "accept-language": "zh-CN,zh;q=0.9" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect ${to}`);
  },
}));

import type { DB } from "@/db/client";
import { meetings } from "@/db/schema";
import { runPublicUseCase, runUseCase } from "@/lib/actions/run";
import { apiRoute, publicApiRoute } from "@/lib/api/handler";
import { loadActor } from "@/lib/auth/actor";
import { messages } from "@/lib/i18n/messages";
import { proposeTopic } from "@/lib/topics/propose";
import { makeCommunity, makeItem, makePerson } from "../helpers/factory";
import { processDb } from "../helpers/process-db";
import { first } from "@/db/query";

const zh = messages["zh-CN"].errors as Record<string, string>;
const en = messages.en.errors as Record<string, string>;

let db: DB;
processDb(tmp.dir, (d) => (db = d));

const signedIn = async (id: number) => (await loadActor(db, id))!;
/** Rows written on the process-wide connection so far: equal before and after means nothing was written. */
const writes = () => (db.$client.prepare("select total_changes() as n").get() as { n: number }).n;

type Route = (req: NextRequest, ctx: { params: Promise<never> }) => Promise<Response>;
async function call(route: Route, { method = "GET", params = {}, body, lang = "zh-CN" }: { method?: string; params?: Record<string, string>; body?: unknown; lang?: string } = {}) {
  const headers = new Headers({ "accept-language": lang });
  if (body !== undefined) headers.set("content-type", "application/json");
  const req = new NextRequest("http://localhost/api/v1/x", { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const res = await route(req, { params: Promise.resolve(params) as Promise<never> });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
}
const form = (fields: Record<string, string | number>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, String(v));
  return fd;
};

/** Real rows, so a refusal is the sign-in check and not a missing id. */
let w: { place: Awaited<ReturnType<typeof makeCommunity>>; resident: { id: number }; chief: { id: number }; topicId: number; meetingId: number; itemId: number };
beforeAll(async () => {
  const place = await makeCommunity(db);
  const resident = await makePerson(db, place, "owner", { grid: "A" });
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const item = await makeItem(db, place, { name: "加装电梯" });
  const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "3号楼老人多，希望加装电梯。" }] }] };
  const { topicId } = await proposeTopic({ db, actor: await signedIn(resident.id) }, { gridId: place.gridA.id, agendaItemId: item.id, title: "3号楼加装电梯", description: doc });
  const meeting = await first(db
    .insert(meetings)
    .values({ communityId: place.community.id, gridId: place.gridA.id, title: "网格议事会", startsAt: new Date(Date.now() + 86_400_000), createdBy: chief.id })
    .returning());
  w = { place, resident, chief, topicId, meetingId: meeting.id, itemId: item.id };
});

describe("runUseCase / runPublicUseCase (server actions)", () => {
  it("refuses a signed-out caller with the translated signInRequired message and never runs the use case", async () => {
    session.actor = null;
    const useCase = vi.fn(() => "ran");
    expect(await runUseCase(useCase)).toEqual({ ok: false, message: zh.signInRequired });
    expect(useCase).not.toHaveBeenCalled();
  });

  it("hands a signed-in caller's use case an ActorCtx built from the session", async () => {
    session.actor = await signedIn(w.resident.id);
    const useCase = vi.fn((ctx: { actor: { personId: number } }) => ctx.actor.personId);
    expect(await runUseCase(useCase)).toEqual({ ok: true, data: w.resident.id });
    session.actor = null;
  });

  it("runs a public use case signed out, with no actor", async () => {
    session.actor = null;
    expect(await runPublicUseCase((ctx) => ({ actor: ctx.actor }))).toEqual({ ok: true, data: { actor: null } });
  });
});

describe("apiRoute / publicApiRoute (route handlers)", () => {
  it("apiRoute answers a signed-out caller 401 signInRequired, in the caller's language, before the handler runs", async () => {
    const handler = vi.fn(() => ({ ran: true }));
    const route = apiRoute(handler) as unknown as Route;
    const zhRes = await call(route);
    expect(zhRes.status).toBe(401);
    expect(zhRes.json.error).toEqual({ code: "unauthenticated", message: zh.signInRequired });
    const enRes = await call(route, { lang: "en" });
    expect(enRes.json.error).toEqual({ code: "unauthenticated", message: en.signInRequired });
    expect(handler).not.toHaveBeenCalled();
  });

  it("publicApiRoute runs its handler signed out, with no actor", async () => {
    const route = publicApiRoute(({ ctx }) => ({ actor: ctx.actor })) as unknown as Route;
    expect(await call(route)).toEqual({ status: 200, json: { actor: null } });
  });
});

/*
 * Each row: the route that runs a use case whose signed-out refusal was asserted on the use case
 * itself before it took an ActorCtx (the test file it came from in brackets).
 */
const routes: { label: string; load: () => Promise<Record<string, unknown>>; method: string; params?: () => Record<string, string>; body?: () => unknown }[] = [
  { label: "createGrid (admin)", load: () => import("@/app/api/v1/grids/route"), method: "POST", body: () => ({ code: "99", name: "新网格" }) },
  { label: "importEstate (estate-import)", load: () => import("@/app/api/v1/imports/estate/route"), method: "POST", body: () => ({ dryRun: "0" }) },
  { label: "updateItem (admin-catalog)", load: () => import("@/app/api/v1/catalog/items/[id]/route"), method: "PATCH", params: () => ({ id: String(w.itemId) }), body: () => ({ active: false }) },
  { label: "createPerson (admin-people)", load: () => import("@/app/api/v1/people/route"), method: "POST", body: () => ({ name: "新人", phone: "13700009999", password: "demo1234", role: "supervisor" }) },
  { label: "listPendingRegistrations (accounts)", load: () => import("@/app/api/v1/registrations/route"), method: "GET" },
  { label: "reviewRegistration (accounts)", load: () => import("@/app/api/v1/registrations/[id]/review/route"), method: "POST", params: () => ({ id: String(w.resident.id) }), body: () => ({ decision: "verify" }) },
  { label: "changePassword (sessions)", load: () => import("@/app/api/v1/me/password/route"), method: "POST", body: () => ({ currentPassword: "demo1234", newPassword: "Lotus-Pond-42" }) },
  { label: "startDrafting (drafting)", load: () => import("@/app/api/v1/topics/[id]/start-drafting/route"), method: "POST", params: () => ({ id: String(w.topicId) }) },
  { label: "listNotifications (inbox)", load: () => import("@/app/api/v1/notifications/route"), method: "GET" },
  { label: "markNotificationsRead (inbox)", load: () => import("@/app/api/v1/notifications/read/route"), method: "POST", body: () => ({}) },
  { label: "listOpinions (opinions)", load: () => import("@/app/api/v1/topics/[id]/opinions/route"), method: "GET", params: () => ({ id: String(w.topicId) }) },
  { label: "postOpinion (opinions)", load: () => import("@/app/api/v1/topics/[id]/opinions/route"), method: "POST", params: () => ({ id: String(w.topicId) }), body: () => ({ stance: "support", body: "匿名发言" }) },
  { label: "hideOpinion (opinions)", load: () => import("@/app/api/v1/opinions/[id]/hide/route"), method: "POST", params: () => ({ id: "1" }), body: () => ({ reason: "匿名" }) },
  { label: "listMeetings (meetings)", load: () => import("@/app/api/v1/meetings/route"), method: "GET" },
  { label: "scheduleMeeting (meetings)", load: () => import("@/app/api/v1/meetings/route"), method: "POST", body: () => ({ gridId: w.place.gridA.id, title: "匿名议事会", startsAt: "2099-06-01T19:00", durationMinutes: 60, place: "活动室", topicIds: [w.topicId] }) },
  { label: "respondToInvitation (meetings)", load: () => import("@/app/api/v1/meetings/[id]/response/route"), method: "POST", params: () => ({ id: String(w.meetingId) }), body: () => ({ response: "attending" }) },
  { label: "checkIn (meetings)", load: () => import("@/app/api/v1/meetings/[id]/check-in/route"), method: "POST", params: () => ({ id: String(w.meetingId) }), body: () => ({ code: "123456" }) },
  { label: "draftPlan (plans)", load: () => import("@/app/api/v1/topics/[id]/plans/route"), method: "POST", params: () => ({ id: String(w.topicId) }), body: () => ({ title: "匿名的方案标题", body: { type: "doc", content: [] } }) },
  { label: "revisePlan (plans)", load: () => import("@/app/api/v1/plans/[id]/revisions/route"), method: "POST", params: () => ({ id: "1" }), body: () => ({ body: { type: "doc", content: [] } }) },
];

describe("every route whose use case used to check sign-in itself refuses a signed-out caller first", () => {
  it.each(routes)("$label: 401 signInRequired and nothing written", async ({ load, method, params, body }) => {
    const route = (await load())[method] as Route;
    expect(route, `${method} handler`).toBeTypeOf("function");
    const before = writes();
    const res = await call(route, { method, params: params?.(), body: body?.() });
    expect(res.status).toBe(401);
    expect(res.json.error).toEqual({ code: "unauthenticated", message: zh.signInRequired });
    expect(writes()).toBe(before);
  });
});

/** The same use cases through the form actions the pages use. */
const actions: { label: string; run: () => Promise<unknown> }[] = [
  { label: "createGridAction", run: async () => (await import("@/app/admin/grids/actions")).createGridAction(w.place.community.id, null, form({ code: "98", name: "新网格" })) },
  { label: "updateItemAction", run: async () => (await import("@/app/admin/catalog/actions")).updateItemAction(w.itemId, null, form({ active: "false" })) },
  { label: "createPersonAction", run: async () => (await import("@/app/admin/people/actions")).createPersonAction(w.place.community.id, null, form({ name: "新人", phone: "13700009998", password: "demo1234", role: "supervisor" })) },
  { label: "reviewAction", run: async () => (await import("@/app/staff/registrations/actions")).reviewAction(w.resident.id, null, form({ decision: "verify" })) },
  { label: "changePasswordAction", run: async () => (await import("@/app/account/actions")).changePasswordAction(null, form({ currentPassword: "demo1234", newPassword: "Lotus-Pond-42" })) },
  { label: "startDraftingAction", run: async () => (await import("@/app/topics/[id]/_drafting/actions")).startDraftingAction(w.topicId, null, form({})) },
  { label: "postOpinionAction", run: async () => (await import("@/app/topics/[id]/_opinions/actions")).postOpinionAction(w.topicId, null, null, form({ stance: "support", body: "匿名发言" })) },
  { label: "hideOpinionAction", run: async () => (await import("@/app/topics/[id]/_opinions/actions")).hideOpinionAction(w.topicId, 1, null, form({ reason: "匿名" })) },
  { label: "scheduleMeetingAction", run: async () => (await import("@/app/meetings/actions")).scheduleMeetingAction(null, form({ gridId: w.place.gridA.id, title: "匿名议事会", startsAt: "2099-06-01T19:00", durationMinutes: 60, place: "活动室", topicIds: w.topicId })) },
  { label: "respondAction", run: async () => (await import("@/app/meetings/[id]/actions")).respondAction(w.meetingId, "attending", null, form({})) },
  { label: "draftPlanAction", run: async () => (await import("@/app/topics/[id]/plans/actions")).draftPlanAction(w.topicId, null, form({ title: "匿名的方案标题", body: JSON.stringify({ type: "doc", content: [] }) })) },
  { label: "revisePlanAction", run: async () => (await import("@/app/topics/[id]/plans/actions")).revisePlanAction(w.topicId, 1, 1, null, form({ body: JSON.stringify({ type: "doc", content: [] }) })) },
];

describe("every form action whose use case used to check sign-in itself refuses a signed-out caller first", () => {
  it.each(actions)("$label: the signInRequired message and nothing written", async ({ run }) => {
    session.actor = null;
    const before = writes();
    expect(await run()).toEqual({ ok: false, message: zh.signInRequired });
    expect(writes()).toBe(before);
  });

  it("markAllReadAction sends a signed-out caller to sign in and marks nothing", async () => {
    session.actor = null;
    const before = writes();
    await expect((await import("@/app/inbox/actions")).markAllReadAction()).rejects.toThrow("redirect /sign-in?callbackUrl=/inbox");
    expect(writes()).toBe(before);
  });

  it("openNotificationAction opens nothing for a signed-out caller: back to the inbox, nothing marked read", async () => {
    session.actor = null;
    const before = writes();
    await expect((await import("@/app/inbox/actions")).openNotificationAction(1)).rejects.toThrow("redirect /inbox");
    expect(writes()).toBe(before);
  });
});
