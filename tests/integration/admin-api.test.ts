import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { issueApiToken } from "@/lib/auth/tokens";
import { tempDb } from "../helpers/db";
import { adminWorld, snapshot } from "./admin-helpers";

// The route handlers read the database and the session secret from the environment.
vi.hoisted(() => {
  process.env.NEXTAUTH_SECRET = "admin-api-test-secret";
});

const gridsRoute = await import("@/app/api/v1/grids/route");
const gridRoute = await import("@/app/api/v1/grids/[id]/route");
const buildingsRoute = await import("@/app/api/v1/grids/[id]/buildings/route");
const unitsRoute = await import("@/app/api/v1/buildings/[id]/units/route");
const peopleRoute = await import("@/app/api/v1/people/route");
const rolesRoute = await import("@/app/api/v1/roles/route");
const roleRoute = await import("@/app/api/v1/roles/[id]/route");
const itemRoute = await import("@/app/api/v1/catalog/items/[id]/route");
const itemsRoute = await import("@/app/api/v1/catalog/items/route");
const categoriesRoute = await import("@/app/api/v1/catalog/categories/route");

let db: DB;
let cleanup: () => void;
let w: Awaited<ReturnType<typeof adminWorld>>;
let adminToken: string;
let chiefToken: string;
let otherToken: string;

beforeEach(async () => {
  const t = tempDb();
  ({ db, cleanup } = t);
  process.env.GRIDCOUNCIL_DB = t.file;
  w = await adminWorld(db);
  adminToken = (await issueApiToken(db, w.admin.id)).token;
  chiefToken = (await issueApiToken(db, w.chief.id)).token;
  otherToken = (await issueApiToken(db, w.otherAdmin.id)).token;
});
afterEach(() => cleanup());

function call<P>(
  handler: (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response>,
  { method = "GET", token, body, params, query = "", lang = "zh-CN" }: { method?: string; token?: string; body?: unknown; params?: P; query?: string; lang?: string },
) {
  const req = new NextRequest(`http://localhost/api/v1/test${query}`, {
    method,
    headers: {
      "accept-language": lang,
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  return handler(req, { params: Promise.resolve(params ?? ({} as P)) });
}

describe("admin API", () => {
  test("create and read a grid through the API, with the same rules as the screens", async () => {
    const created = await call(gridsRoute.POST, { method: "POST", token: adminToken, body: { code: "5", name: "第五网格" } });
    expect(created.status).toBe(201);
    const grid = (await created.json()) as { gridId: number; code: string };
    expect(grid.code).toBe("05");

    const read = await call(gridRoute.GET, { token: adminToken, params: { id: String(grid.gridId) } });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { grid: { name: string } }).grid.name).toBe("第五网格");

    const list = await call(gridsRoute.GET, { token: adminToken, query: `?communityId=${w.place.community.id}` });
    expect(((await list.json()) as { grids: unknown[] }).grids).toHaveLength(3);
  });

  test("refusals are 4xx with a Chinese message, and write nothing", async () => {
    const before = await snapshot(db);
    const dup = await call(gridsRoute.POST, { method: "POST", token: adminToken, body: { code: "01", name: "重复" } });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toEqual({ error: { code: "conflict", message: "该网格编号已被使用", fields: { code: "该网格编号已被使用" } } });

    const bad = await call(gridsRoute.POST, { method: "POST", token: adminToken, body: { code: "123", name: "" } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      code: "编号应为 1–2 位数字（01 到 99）",
      name: "请填写名称",
    });

    expect((await call(gridsRoute.POST, { method: "POST", token: chiefToken, body: { code: "09", name: "x" } })).status).toBe(403);
    // Without a token the handler falls back to the session cookie, which needs a Next request
    // scope; the 401 for nobody signed in is covered at the use-case level.
    expect((await call(gridsRoute.POST, { method: "POST", token: "gc_not-a-token", body: { code: "09", name: "x" } })).status).toBe(401);
    expect((await call(gridsRoute.POST, { method: "POST", token: adminToken, body: "{not json" })).status).toBe(422);
    expect((await call(gridsRoute.GET, { token: chiefToken })).status).toBe(403);
    const foreign = await call(buildingsRoute.POST, { method: "POST", token: otherToken, body: { code: "03" }, params: { id: String(w.place.gridA.id) } });
    expect(foreign.status).toBe(404);
    expect(await snapshot(db)).toEqual(before);
  });

  test("the path decides the grid or building, not the body", async () => {
    const res = await call(buildingsRoute.POST, {
      method: "POST",
      token: adminToken,
      body: { code: "03", gridId: w.other.gridA.id },
      params: { id: String(w.place.gridB.id) },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { gridId: number }).gridId).toBe(w.place.gridB.id);
    const unit = await call(unitsRoute.POST, { method: "POST", token: adminToken, body: { number: "1502", area: 98.6 }, params: { id: String(w.place.buildingA.id) } });
    expect(unit.status).toBe(201);
    expect(await unit.json()).toMatchObject({ number: "1502", areaHundredths: 9860 });
  });

  test("people and roles: create, refuse a duplicate phone, assign and revoke", async () => {
    const created = await call(peopleRoute.POST, {
      method: "POST",
      token: adminToken,
      body: { name: "张物业", phone: "13500000001", password: "secret123", role: "propertyFirmStaff", organisationId: w.place.propertyFirm.id },
    });
    expect(created.status).toBe(201);
    const { personId } = (await created.json()) as { personId: number };

    const dup = await call(peopleRoute.POST, {
      method: "POST",
      token: adminToken,
      body: { name: "张二", phone: "13500000001", password: "secret123", role: "supervisor" },
    });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ phone: "该手机号已被其他账号使用" });

    const malformed = await call(peopleRoute.POST, {
      method: "POST",
      token: adminToken,
      body: { name: "张三", phone: "135-0000", password: "secret123", role: "supervisor" },
    });
    expect(malformed.status).toBe(422);

    const assigned = await call(rolesRoute.POST, { method: "POST", token: adminToken, body: { personId, role: "supervisor" } });
    expect(assigned.status).toBe(201);
    const { roleId } = (await assigned.json()) as { roleId: number };

    const list = await call(peopleRoute.GET, { token: adminToken, query: "?q=张物业" });
    expect(((await list.json()) as { people: { roles: string[] }[] }).people[0]?.roles.sort()).toEqual(["propertyFirmStaff", "supervisor"]);

    expect((await call(roleRoute.DELETE, { method: "DELETE", token: otherToken, params: { id: String(roleId) } })).status).toBe(404);
    expect((await call(roleRoute.DELETE, { method: "DELETE", token: adminToken, params: { id: String(roleId) } })).status).toBe(200);
  });

  test("catalog: add a category and an item, then take the item out of use", async () => {
    const cat = await call(categoriesRoute.POST, { method: "POST", token: adminToken, body: { name: "睦邻关系" } });
    const { categoryId } = (await cat.json()) as { categoryId: number };
    const item = await call(itemsRoute.POST, { method: "POST", token: adminToken, body: { categoryId, name: "楼道堆物", cosignThreshold: 3 } });
    expect(item.status).toBe(201);
    const { itemId } = (await item.json()) as { itemId: number };
    const patched = await call(itemRoute.PATCH, { method: "PATCH", token: adminToken, body: { active: false, cosignThreshold: null }, params: { id: String(itemId) } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ active: false, cosignThreshold: null });
    const refused = await call(itemRoute.PATCH, { method: "PATCH", token: chiefToken, body: { active: true }, params: { id: String(itemId) } });
    expect(refused.status).toBe(403);
  });
});
