/**
 * Time and peak RSS of the owners' register import at the issue's scale: 150,000 people against
 * 100,000 units (every unit an owner, every other unit a co-owner too), read, checked (dry run),
 * committed, then the same file again (nothing changes). The units are inserted directly (the
 * estate import has its own bench: bench/import-estate.ts). One format per process:
 *   npx tsx --conditions=react-server bench/import-people.ts csv   [people] [units]
 *   npx tsx --conditions=react-server bench/import-people.ts xlsx
 * Prints one JSON line with the figures.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { openDatabase } from "@/db/client";
import { buildings, communities, grids, people, roles, units } from "@/db/schema";
import { loadActor } from "@/lib/auth/actor";
import { importOwnersRegister } from "@/lib/imports/people/import-owners-register";
import { PEOPLE_MAX_ROWS } from "@/lib/imports/people/kinds";
import { readSheet } from "@/lib/imports/sheet/read";

const making = process.argv[2] === "make";
const args = making ? process.argv.slice(3) : process.argv.slice(2);
const format = args[0] === "xlsx" ? "xlsx" : "csv";
const PEOPLE = Number(args[1] ?? 150_000);
const UNITS = Number(args[2] ?? 100_000);
const BUILDINGS = 60;
const filePath = path.join(os.tmpdir(), `gc-bench-people-${PEOPLE}-${UNITS}.${format}`);

/** Unit i: building i % 60 (grid = building % 3), room number from i / 60. */
const unitOf = (i: number) => ({ grid: `0${1 + ((i % BUILDINGS) % 3)}`, building: String(1 + (i % BUILDINGS)), room: String(1001 + Math.floor(i / BUILDINGS)) });

const header = ["姓名", "手机号", "网格", "楼栋", "房号", "身份"];
async function fileBytes(): Promise<Uint8Array> {
  const rows: string[][] = [];
  for (let p = 0; p < PEOPLE; p++) {
    // The first UNITS people own one unit each; the rest are co-owners of every other unit.
    const u = unitOf(p < UNITS ? p : ((p - UNITS) * 2) % UNITS);
    rows.push([`业主${p}`, String(15_000_000_000 + p), u.grid, u.building, u.room, p < UNITS ? "业主" : "共有人"]);
  }
  if (format === "csv") return new TextEncoder().encode(`\uFEFF${[header, ...rows].map((r) => r.join(",")).join("\r\n")}\r\n`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("业主名册");
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
  // The file is made by a child process, so that writing it does not count in the importer's peak RSS.
  if (!fs.existsSync(filePath)) execFileSync("npx", ["tsx", "--conditions=react-server", "bench/import-people.ts", "make", format, String(PEOPLE), String(UNITS)], { stdio: "inherit" });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gc-bench-people-"));
  const db = openDatabase(path.join(dir, "bench.db"));
  const community = db.insert(communities).values({ code: "B1", name: "压测社区" }).returning().get();
  const gridIds = [1, 2, 3].map((g) => db.insert(grids).values({ communityId: community.id, code: `0${g}`, name: `第${g}网格` }).returning().get().id);
  const buildingIds = Array.from({ length: BUILDINGS }, (_, b) => db.insert(buildings).values({ gridId: gridIds[b % 3]!, code: String(b + 1).padStart(2, "0"), name: `${b + 1}号楼` }).returning().get().id);
  db.$client.transaction(() => {
    const tx = db;
    for (let i = 0; i < UNITS; i += 500) {
      const chunk = Array.from({ length: Math.min(500, UNITS - i) }, (_, k) => {
        const n = i + k;
        return { buildingId: buildingIds[n % BUILDINGS]!, number: unitOf(n).room, areaHundredths: 8000 + (n % 4000), developerHeld: false };
      });
      tx.insert(units).values(chunk).run();
    }
  })();
  const admin = db.insert(people).values({ phone: "13900000001", passwordHash: null, name: "管理员", displayNumber: "BENCH-1", status: "verified" }).returning().get();
  db.insert(roles).values({ personId: admin.id, role: "communityAdmin", communityId: community.id }).run();
  const ctx = { db, actor: loadActor(db, admin.id)! };
  const bytes = new Uint8Array(fs.readFileSync(filePath));
  const rssBefore = process.memoryUsage().rss;

  let t = performance.now();
  const sheet = await readSheet(bytes, `register.${format}`, { maxRows: PEOPLE_MAX_ROWS });
  const read = ms(t);
  const input = { source: "压测", dryRun: "1" };
  t = performance.now();
  const dry = await importOwnersRegister(ctx, input, sheet);
  const check = ms(t);
  t = performance.now();
  const done = await importOwnersRegister(ctx, { ...input, dryRun: "0" }, sheet);
  const commit = ms(t);
  t = performance.now();
  const again = await importOwnersRegister(ctx, { ...input, dryRun: "0" }, await readSheet(bytes, `register.${format}`, { maxRows: PEOPLE_MAX_ROWS }));
  const reimport = ms(t);
  const summary = (r: typeof dry) => (r.status === "needsMapping" ? r.status : { status: r.status, ...r.summary });

  console.log(
    JSON.stringify({
      bench: "import-people",
      format,
      people: PEOPLE,
      units: UNITS,
      fileMB: +(bytes.byteLength / 1024 / 1024).toFixed(1),
      readMs: read,
      checkMs: check,
      commitMs: commit,
      reimportMs: reimport,
      dry: summary(dry),
      commit: summary(done),
      reimport: summary(again),
      rssBeforeMB: Math.round(rssBefore / 1024 / 1024),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
