import ExcelJS from "exceljs";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import { issueApiToken } from "@/lib/auth/tokens";
import { tempDb } from "../helpers/db";
import { csvText, gbkBytes, utf8Bytes } from "../helpers/sheets";
import { adminWorld, snapshot } from "./admin-helpers";

const importRoute = await import("@/app/api/v1/imports/estate/route");
const templateRoute = await import("@/app/api/v1/imports/estate/template/route");

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

function post(token: string, fields: Record<string, string>, file?: { bytes: Uint8Array; name: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", new File([file.bytes as Uint8Array<ArrayBuffer>], file.name));
  const req = new NextRequest("http://localhost/api/v1/imports/estate", { method: "POST", headers: { authorization: `Bearer ${token}`, "accept-language": "zh-CN" }, body: form });
  return importRoute.POST(req, { params: Promise.resolve({}) });
}

async function lines(res: Response) {
  expect(res.headers.get("content-type")).toContain("application/x-ndjson");
  return (await res.text())
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const header = ["网格", "楼栋", "房号", "面积"];
const rows = Array.from({ length: 2500 }, (_, i) => ["1", String(1 + (i % 20)), String(1000 + i), "88.5"]);

describe("POST /api/v1/imports/estate", () => {
  test("a dry run streams progress lines, then the report; the commit imports it, GBK as well as UTF-8", async () => {
    const before = await snapshot(db);
    const dry = await lines(await post(adminToken, {}, { bytes: gbkBytes(csvText([header, ...rows])), name: "楼盘.csv" }));
    const progress = dry.filter((l) => "phase" in l);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual({ phase: "check", done: 2500, total: 2500 });
    const result = dry.at(-1)!.result as { dryRun: boolean; format: string; counts: { units: { created: number } } };
    expect(result).toMatchObject({ dryRun: true, format: "csv-gbk", counts: { units: { created: 2500 } } });
    expect(await snapshot(db)).toEqual(before);

    const done = await lines(await post(adminToken, { dryRun: "0", source: "房管局" }, { bytes: utf8Bytes(csvText([header, ...rows])), name: "楼盘.csv" }));
    expect(done.at(-1)!.result).toMatchObject({ committed: true, counts: { units: { created: 2500 }, buildings: { created: 19 } } });
    expect((await snapshot(db)).units).toBe(before.units + 2500);
  });

  test("missing columns: 422 before streaming, naming them, with the header and first rows for the mapping step", async () => {
    const res = await post(adminToken, {}, { bytes: utf8Bytes(csvText([["区", "楼", "房", "平方"], ...rows.slice(0, 7)])), name: "x.csv" });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { message: string }; columns: { header: string[]; preview: string[][]; missing: string[]; columns: { key: string; index: number | null }[] } };
    expect(body.error.message).toBe("找不到这些列：网格、房号、专有面积。表头应包含：网格、楼栋、房号、专有面积（也接受常见的同义列名），或在下一步手动指定");
    expect(body.columns.header).toEqual(["区", "楼", "房", "平方"]);
    expect(body.columns.preview).toHaveLength(5);
    expect(body.columns.missing).toEqual(["grid", "unit", "area"]);
    // …and with the mapping chosen by hand, the same file checks.
    const mapped = await lines(await post(adminToken, { mapping: JSON.stringify({ grid: 0, building: 1, unit: 2, area: 3 }) }, { bytes: utf8Bytes(csvText([["区", "楼", "房", "平方"], ...rows.slice(0, 7)])), name: "x.csv" }));
    expect(mapped.at(-1)!.result).toMatchObject({ counts: { units: { created: 7 } } });
  });

  test("bad files, no file, a refused caller: 4xx JSON, nothing written", async () => {
    const before = await snapshot(db);
    const status = async (res: Response) => [res.status, ((await res.json()) as { error: { message: string } }).error.message];
    expect(await status(await post(adminToken, {}))).toEqual([422, "请选择要导入的文件"]);
    expect(await status(await post(adminToken, {}, { bytes: new Uint8Array([0x41, 0xff, 0xff, 0x0a]), name: "x.csv" }))).toEqual([422, "无法识别文件的编码：CSV 请保存为 UTF-8 或 GBK（Excel 的“CSV（逗号分隔）”即可）"]);
    expect((await post(adminToken, {}, { bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]), name: "x.xls" })).status).toBe(422);
    expect((await post(chiefToken, {}, { bytes: utf8Bytes(csvText([header, ...rows.slice(0, 2)])), name: "x.csv" })).status).toBe(403);
    expect((await post(adminToken, { mapping: JSON.stringify({ phone: 2 }) }, { bytes: utf8Bytes(csvText([header, ...rows.slice(0, 2)])), name: "x.csv" })).status).toBe(422);
    expect((await post(adminToken, { mapping: "{not json" }, { bytes: utf8Bytes(csvText([header, ...rows.slice(0, 2)])), name: "x.csv" })).status).toBe(422);
    expect((await post(adminToken, { dryRun: "maybe" }, { bytes: utf8Bytes(csvText([header, ...rows.slice(0, 2)])), name: "x.csv" })).status).toBe(422);
    expect(await snapshot(db)).toEqual(before);
  });

  test("a commit of a file with refused rows ends with the report, committed false, and writes nothing", async () => {
    const before = await snapshot(db);
    const out = await lines(await post(adminToken, { dryRun: "0" }, { bytes: utf8Bytes(csvText([header, ["1", "1", "901", "abc"], ["1", "1", "902", "80"]])), name: "x.csv" }));
    expect(out.at(-1)!.result).toMatchObject({ committed: false, counts: { refusedRows: 1 }, refused: [{ line: 2, column: "area", reason: "areaNotNumber", value: "abc" }] });
    expect(await snapshot(db)).toEqual(before);
  });
});

describe("GET /api/v1/imports/estate/template", () => {
  const get = (token: string, query: string) =>
    templateRoute.GET(new NextRequest(`http://localhost/api/v1/imports/estate/template${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });

  test("the XLSX has the canonical header, three examples and a 说明 sheet; the template imports as it is", async () => {
    const res = await get(adminToken, "?format=xlsx");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("filename*=UTF-8''%E6%88%BF%E5%B1%8B");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["房屋", "说明"]);
    expect(wb.worksheets[0]!.getRow(1).values).toEqual([undefined, "网格", "楼栋", "单元", "房号", "专有面积", "开发商持有"]);
    expect(wb.worksheets[0]!.actualRowCount).toBe(4);
    expect(String(wb.worksheets[1]!.getCell("D6").value)).toContain("建筑面积");

    const form = new FormData();
    form.set("file", new File([bytes], "模板.xlsx"));
    const check = await importRoute.POST(new NextRequest("http://localhost/api/v1/imports/estate", { method: "POST", headers: { authorization: `Bearer ${adminToken}` }, body: form }), { params: Promise.resolve({}) });
    expect((await lines(check)).at(-1)!.result).toMatchObject({ counts: { refusedRows: 0, units: { created: 3 } } });
  });

  test("the CSV is UTF-8 with a BOM; a chief may not download it; a bad format is 422", async () => {
    const res = await get(adminToken, "?format=csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).split("\r\n")[0]).toBe("网格,楼栋,单元,房号,专有面积,开发商持有");
    expect((await get(chiefToken, "?format=csv")).status).toBe(403);
    expect((await get(adminToken, "?format=pdf")).status).toBe(422);
  });
});
