import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { importConflicts, people, roles } from "@/db/schema";
import { getPersonAdmin } from "@/lib/admin/get-person-admin";
import { listPeopleAdmin } from "@/lib/admin/list-people-admin";
import { issueApiToken } from "@/lib/auth/tokens";
import { importStaff } from "@/lib/imports/people/import-staff";
import { readSheet } from "@/lib/imports/sheet/read";
import { ctxAs, tempDb } from "../helpers/db";
import { gbkBytes } from "../helpers/sheets";
import { adminWorld, snapshot } from "./admin-helpers";
import { sheetOf } from "./people-import-helpers";
import { first } from "@/db/query";

const importRoute = await import("@/app/api/v1/imports/people/[kind]/route");
const templateRoute = await import("@/app/api/v1/imports/people/[kind]/template/route");
const conflictsRoute = await import("@/app/api/v1/imports/people/conflicts/route");
const decideRoute = await import("@/app/api/v1/imports/people/conflicts/[id]/route");

let db: DB;
let cleanup: () => void;
let w: Awaited<ReturnType<typeof adminWorld>>;
let adminToken: string;
let chiefToken: string;

beforeEach(async () => {
  const t = tempDb();
  ({ db, cleanup } = t);
  process.env.GRIDCOUNCIL_DB = t.file;
  w = await adminWorld(db);
  adminToken = (await issueApiToken(db, w.admin.id)).token;
  chiefToken = (await issueApiToken(db, w.chief.id)).token;
});
afterEach(() => cleanup());

const auth = (token: string) => ({ authorization: `Bearer ${token}`, "accept-language": "zh-CN" });
function post(token: string, kind: string, fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name));
  return importRoute.POST(new NextRequest(`http://localhost/api/v1/imports/people/${kind}`, { method: "POST", headers: auth(token), body: form }), { params: Promise.resolve({ kind }) });
}
async function lines(res: Response) {
  expect(res.headers.get("content-type")).toContain("application/x-ndjson");
  return (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe("POST /api/v1/imports/people/{kind}", () => {
  test("an owners' register as GBK CSV: dry run, then commit, streamed; the person page shows 由名册核验 and 未激活", async () => {
    const csv = "姓名,联系电话,网格,楼栋,房号\r\n张三,13800138000,01,01,101、102\r\n";
    const file = { bytes: gbkBytes(csv), name: "业主名册.csv" };
    const before = await snapshot(db);
    const dry = await lines(await post(adminToken, "owners-register", { source: "物业公司", dryRun: "1" }, file));
    expect(dry.at(-1)).toMatchObject({ result: { status: "checked", summary: { created: 1, rolesAdded: 2 } } });
    expect(await snapshot(db)).toEqual(before);
    const done = await lines(await post(adminToken, "owners-register", { source: "物业公司", dryRun: "0" }, file));
    expect(done.some((l) => "phase" in l)).toBe(true);
    expect(done.at(-1)).toMatchObject({ result: { status: "committed" } });
    const zhang = (await first(db.select().from(people).where(eq(people.phone, "13800138000"))))!;
    const detail = await getPersonAdmin(await ctxAs(w.admin.id, db), { personId: zhang.id });
    expect(detail.person).toMatchObject({ activated: false, verifiedBy: { source: "物业公司", fileName: "业主名册.csv", kind: "ownersRegister" } });
    expect(JSON.stringify(detail)).not.toContain("passwordHash");
    // The people list marks them too.
    expect((await listPeopleAdmin(await ctxAs(w.admin.id, db), { q: "13800138000" })).people).toEqual([expect.objectContaining({ id: zhang.id, activated: false, fromRegister: true })]);
    expect((await listPeopleAdmin(await ctxAs(w.admin.id, db), { q: w.resident.name })).people[0]).toMatchObject({ activated: true, fromRegister: false });
    // A person who signed up themselves is activated and verified by nobody's file.
    expect((await getPersonAdmin(await ctxAs(w.admin.id, db), { personId: w.resident.id })).person).toMatchObject({ activated: true, verifiedBy: null });
  });

  test("refused before streaming: a grid chief (403), no file or no source (422), an unknown kind (404), a wrong encoding (422)", async () => {
    const file = { bytes: new TextEncoder().encode("姓名,手机号,房号\n张三,13800138000,101\n"), name: "a.csv" };
    expect((await post(chiefToken, "owners-register", { source: "x" }, file)).status).toBe(403);
    expect((await post(adminToken, "owners-register", { source: "x" })).status).toBe(422);
    expect((await post(adminToken, "owners-register", { source: "" }, file)).status).toBe(422);
    expect((await post(adminToken, "landlords", { source: "x" }, file)).status).toBe(404);
    const bad = await post(adminToken, "residents", { source: "x" }, { bytes: new Uint8Array([0xff, 0xfe, 0xfd, 0x41, 0x0a, 0x81]), name: "bad.csv" });
    expect(bad.status).toBe(422);
  });

  test("templates: XLSX with the Chinese columns, and CSV with a BOM; admins only", async () => {
    const get = (token: string, kind: string, format: string) =>
      templateRoute.GET(new NextRequest(`http://localhost/api/v1/imports/people/${kind}/template?format=${format}`, { headers: auth(token) }), { params: Promise.resolve({ kind }) });
    const xlsx = await get(adminToken, "owners-register", "xlsx");
    expect(xlsx.status).toBe(200);
    const sheet = await readSheet(new Uint8Array(await xlsx.arrayBuffer()), "t.xlsx");
    expect(sheet.header).toEqual(["姓名", "手机号", "网格", "楼栋", "房号", "身份"]);
    const csv = await get(adminToken, "staff", "csv");
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain("姓名,手机号,角色,网格,单位");
    expect((await get(chiefToken, "staff", "csv")).status).toBe(403);
  });

  test("conflicts over the API: listed, decided once (409 after)", async () => {
    const file1 = { bytes: new TextEncoder().encode("姓名,手机号,网格,楼栋,房号\n张三,13800138000,01,01,101\n"), name: "a.csv" };
    const file2 = { bytes: new TextEncoder().encode("姓名,手机号,网格,楼栋,房号\n周九,13800138005,01,01,101\n"), name: "b.csv" };
    await lines(await post(adminToken, "owners-register", { source: "一", dryRun: "0" }, file1));
    await lines(await post(adminToken, "owners-register", { source: "二", dryRun: "0" }, file2));
    const list = await conflictsRoute.GET(new NextRequest("http://localhost/api/v1/imports/people/conflicts", { headers: auth(adminToken) }), { params: Promise.resolve({}) });
    const { conflicts } = (await list.json()) as { conflicts: { id: number; kind: string }[] };
    expect(conflicts.map((c) => c.kind)).toEqual(["unitClaimed"]);
    const decide = (token: string) =>
      decideRoute.POST(new NextRequest(`http://localhost/api/v1/imports/people/conflicts/${conflicts[0]!.id}`, { method: "POST", headers: { ...auth(token), "content-type": "application/json" }, body: JSON.stringify({ resolution: "keepCurrent" }) }), { params: Promise.resolve({ id: String(conflicts[0]!.id) }) });
    expect((await decide(chiefToken)).status).toBe(403);
    expect((await decide(adminToken)).status).toBe(200);
    expect((await decide(adminToken)).status).toBe(409);
    expect(await first(db.select().from(importConflicts))).toMatchObject({ status: "resolved", resolution: "keepCurrent" });
  });
});

describe("staff and roles sheet", () => {
  const header = ["姓名", "手机号", "角色", "网格", "单位"];
  test("grid chiefs, workers, supervisors and property-firm staff with their scopes; a new person is verified by the sheet", async () => {
    const res = await importStaff(await ctxAs(w.admin.id, db), { source: "街道 人员名单", dryRun: "0" }, sheetOf(header, [
      ["网格长甲", "13700000001", "网格长", "第二网格", ""],
      ["网格员乙", "13700000002", "网格员", "01", ""],
      ["督导员丙", "13700000003", "督导员", "", ""],
      ["物业丁", "13700000004", "物业", "", "测试物业"],
    ], "人员.xlsx"));
    expect(res).toMatchObject({ status: "committed", summary: { created: 4, rolesAdded: 4 } });
    const roleOf = async (phone: string) => {
      const p = (await first(db.select().from(people).where(eq(people.phone, phone))))!;
      return { person: p, role: (await first(db.select().from(roles).where(eq(roles.personId, p.id))))! };
    };
    expect((await roleOf("13700000001")).role).toMatchObject({ role: "gridChief", gridId: w.place.gridB.id, unitId: null });
    expect((await roleOf("13700000001")).person.displayNumber).toBe(`${w.place.community.code}02-WGZ-SQ-1`);
    expect((await roleOf("13700000002")).role).toMatchObject({ role: "gridWorker", gridId: w.place.gridA.id });
    expect((await roleOf("13700000003")).role).toMatchObject({ role: "supervisor", gridId: null });
    expect((await roleOf("13700000004")).role).toMatchObject({ role: "propertyFirmStaff", organisationId: w.place.propertyFirm.id });
    expect((await roleOf("13700000004")).person).toMatchObject({ passwordHash: null, status: "verified" });
  });

  test("refuses community admins, unknown roles and organisations, grid roles without a grid — nothing written", async () => {
    const before = await snapshot(db);
    const res = await importStaff(await ctxAs(w.admin.id, db), { source: "x", dryRun: "0" }, sheetOf(header, [
      ["甲", "13700000011", "社区管理员", "", ""],
      ["乙", "13700000012", "保安", "", ""],
      ["丙", "13700000013", "物业", "", "不存在的物业"],
      ["丁", "13700000014", "网格长", "", ""],
      ["戊", "13700000015", "网格员", "01", ""],
    ]));
    expect(res.status).toBe("refused");
    if (res.status === "needsMapping") throw new Error("mapping");
    expect(res.rows.map((r) => [r.line, r.outcome, r.reason ?? null])).toEqual([
      [2, "refused", "importAdminNotAllowed"],
      [3, "refused", "importRoleUnknown"],
      [4, "refused", "organisationNotFound"],
      [5, "refused", "roleNeedsGrid"],
      [6, "created", null],
    ]);
    expect(await snapshot(db)).toEqual(before);
  });
});
