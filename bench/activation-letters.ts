/**
 * Time and peak RSS of printing activation letters at the issue's scale: 1,200 households (3 grids,
 * 20 buildings, 60 units each), two owners on each letter and a resident on every third, issued and
 * rendered as one PDF through the PDF worker pool exactly as POST /api/v1/activation/letters does.
 *   npx tsx --conditions=react-server bench/activation-letters.ts [households]
 * Prints one JSON line with the figures.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { buildings, communities, grids, people, roles, units } from "@/db/schema";
import { issueActivationLetters } from "@/lib/activation/issue-letters";
import { renderActivationLetters } from "@/lib/activation/letters-pdf";
import { loadActor } from "@/lib/auth/actor";
import { configuredCjkFont } from "@/lib/exports/topic-record-pdf";

const HOUSEHOLDS = Number(process.argv[2] ?? 1200);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gc-bench-activation-"));
const db = openDatabase(path.join(dir, "bench.db"));

const community = db.insert(communities).values({ code: "BN", name: "湖畔社区", district: "西湖区", street: "北山街道" }).returning().get();
const admin = db.insert(people).values({ phone: "13900000000", passwordHash: "x", name: "管理员", displayNumber: "BN-ADMIN", status: "verified" }).returning().get();
db.insert(roles).values({ personId: admin.id, role: "communityAdmin", communityId: community.id }).run();
let phone = 15_000_000_000;
// Bulk set-up on the one connection, in one raw transaction (synchronous): not a use case.
db.$client.transaction(() => {
  const tx = db;
  const gridRows = [1, 2, 3].map((g) => tx.insert(grids).values({ communityId: community.id, code: `0${g}`, name: `第${"一二三"[g - 1]}网格` }).returning().get());
  const perBuilding = Math.ceil(HOUSEHOLDS / 20);
  for (let b = 0; b < 20; b++) {
    const grid = gridRows[b % 3]!;
    const building = tx.insert(buildings).values({ gridId: grid.id, code: String(b + 1).padStart(2, "0"), name: `${b + 1}号楼` }).returning().get();
    for (let u = 0; u < perBuilding && b * perBuilding + u < HOUSEHOLDS; u++) {
      const unit = tx.insert(units).values({ buildingId: building.id, number: `${1 + Math.floor(u / 4)}0${1 + (u % 4)}`, areaHundredths: 8912 }).returning().get();
      const members: ("owner" | "resident")[] = u % 3 === 0 ? ["owner", "owner", "resident"] : ["owner", "owner"];
      for (const role of members) {
        const p = tx.insert(people).values({ phone: String(phone++), passwordHash: null, name: role === "owner" ? "业主" + phone : "住户" + phone, displayNumber: `BN-${phone}`, status: "verified" }).returning().get();
        tx.insert(roles).values({ personId: p.id, role, communityId: community.id, gridId: grid.id, unitId: unit.id }).run();
      }
    }
  }
})();

async function main() {
  const font = configuredCjkFont();
  if (!font) throw new Error("no CJK font (GRIDCOUNCIL_PDF_FONT)");
  const ctx = { db, actor: loadActor(db, admin.id)! };
  const t0 = performance.now();
  const letters = await issueActivationLetters(ctx, { communityId: community.id });
  const t1 = performance.now();
  const bytes = await renderActivationLetters(letters, font, "https://council.example.org");
  const t2 = performance.now();
  const pages = (Buffer.from(bytes).toString("latin1").match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  console.log(
    JSON.stringify({
      households: letters.households.length,
      people: letters.people,
      pages,
      issueMs: Math.round(t1 - t0),
      renderMs: Math.round(t2 - t1),
      pdfMb: Math.round((bytes.length / 1e6) * 10) / 10,
      // Main thread and the worker share the process: this is both.
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      cores: os.availableParallelism(),
    }),
  );
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

void main();
