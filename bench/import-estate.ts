/**
 * Time and peak RSS of the estate import at the scale: 100,000 units (3 grids, 20 buildings
 * per grid… spread over 60 buildings) in one file, read, checked (dry run), committed, then the same
 * file again (nothing changes). One format per process, so the peak RSS is that format's (the
 * file itself is generated once by a child process and kept in the temp folder):
 *   npx tsx --conditions=react-server bench/import-estate.ts xlsx
 *   npx tsx --conditions=react-server bench/import-estate.ts csv
 * Prints one JSON line with the figures.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { openDatabase } from "@/db/client";
import { communities, people, roles } from "@/db/schema";
import { loadActor } from "@/lib/auth/actor";
import { importEstate } from "@/lib/imports/estate/import";
import { readSheet } from "@/lib/imports/sheet/read";

const making = process.argv[2] === "make";
const args = making ? process.argv.slice(3) : process.argv.slice(2);
const format = args[0] === "csv" ? "csv" : "xlsx";
const UNITS = Number(args[1] ?? 100_000);
/** The file is made by a child process of its own, so that writing it does not count in the reader's peak RSS. */
const filePath = path.join(os.tmpdir(), `gc-bench-estate-${UNITS}.${format}`);

const header = ["网格", "楼栋", "单元", "房号", "专有面积", "开发商持有"];
async function fileBytes(): Promise<Uint8Array> {
  const rows: (string | number)[][] = [];
  for (let i = 0; i < UNITS; i++) {
    const building = i % 60;
    const n = Math.floor(i / 60);
    rows.push([`第${["一", "二", "三"][building % 3]}网格`, `${1 + Math.floor(building / 3)}号楼`, String(1 + (n % 4)), String(101 + Math.floor(n / 4)), (60 + (i % 9000) / 100).toFixed(2), i % 50 === 0 ? "是" : "否"]);
  }
  if (format === "csv") return new TextEncoder().encode(`\uFEFF${[header, ...rows].map((r) => r.join(",")).join("\r\n")}\r\n`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("房屋");
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const ms = (t: number) => Math.round(performance.now() - t);

async function main() {
  if (making) {
    fs.writeFileSync(filePath, await fileBytes());
    return;
  }
  if (!fs.existsSync(filePath)) {
    execFileSync("npx", ["tsx", "--conditions=react-server", "bench/import-estate.ts", "make", format, String(UNITS)], { stdio: "inherit" });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gc-bench-import-"));
  const db = openDatabase(path.join(dir, "bench.db"));
  const community = db.insert(communities).values({ code: "B1", name: "压测社区" }).returning().get();
  const admin = db.insert(people).values({ phone: "13900000001", passwordHash: null, name: "管理员", displayNumber: "BENCH-1", status: "verified" }).returning().get();
  db.insert(roles).values({ personId: admin.id, role: "communityAdmin", communityId: community.id }).run();
  const ctx = { db, actor: loadActor(db, admin.id)! };
  const bytes = new Uint8Array(fs.readFileSync(filePath));
  const rssBefore = process.memoryUsage().rss;

  let t = performance.now();
  const sheet = await readSheet(bytes, `estate.${format}`);
  const read = ms(t);
  t = performance.now();
  const dry = await importEstate(ctx, { sheet, dryRun: true });
  const check = ms(t);
  t = performance.now();
  const done = await importEstate(ctx, { sheet, dryRun: false });
  const commit = ms(t);
  t = performance.now();
  const again = await importEstate(ctx, { sheet: await readSheet(bytes, `estate.${format}`), dryRun: false });
  const reimport = ms(t);

  console.log(
    JSON.stringify({
      format,
      units: UNITS,
      fileMB: +(bytes.byteLength / 1024 / 1024).toFixed(1),
      readMs: read,
      dryRunMs: check,
      commitMs: commit,
      reimportMs: reimport,
      created: done.counts.units.created,
      refused: dry.counts.refusedRows,
      reimportNoChanges: again.noChanges,
      rssBeforeMB: Math.round(rssBefore / 1024 / 1024),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
