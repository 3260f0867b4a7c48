import { eq } from "drizzle-orm";
import { describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { buildings, people, units } from "@/db/schema";
import { openBallot } from "@/lib/ballots/open-ballot";
import { importOwnersRegister } from "@/lib/imports/people/import-owners-register";
import { ctxAs, fileDb } from "../helpers/db";
import { makePerson } from "../helpers/factory";
import { renderPageAs } from "../helpers/page-session";
import { CLOSES, HOUR, T0, at, ballotWorld } from "./ballot-helpers";
import { sheetOf } from "./people-import-helpers";
import { first } from "@/db/query";

await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());
const { default: BallotPage } = await import("@/app/ballots/[id]/page");

let db: DB;
fileDb((d) => (db = d));

describe("the ballot page after an owners' register named the developer's representative", () => {
  test("staff read the register's representative on the developer card; residents do not", async () => {
    const w = await ballotWorld(db, { itemRule: "ownersMajority" });
    const admin = await makePerson(db, w.place, "communityAdmin");
    const b = await first(db.insert(buildings).values({ gridId: w.place.gridA.id, code: "08", name: "8号楼" }).returning());
    await db.insert(units).values({ buildingId: b.id, number: "101", areaHundredths: 9000 });
    await db.insert(units).values({ buildingId: b.id, number: "102", areaHundredths: 9000, developerHeld: true });
    await importOwnersRegister(await ctxAs(admin.id, db), { source: "物业公司 业主名册", dryRun: "0" }, sheetOf(["姓名", "手机号", "房号", "身份"], [["业主甲", "13800138100", "8栋101", ""], ["代表乙", "13800138101", "8栋102", "开发商代表"]]));
    const rep = (await first(db.select().from(people).where(eq(people.phone, "13800138101"))))!;
    const owner = (await first(db.select().from(people).where(eq(people.phone, "13800138100"))))!;
    const opened = await openBallot(await ctxAs(w.chief, db), { topicId: w.topic.id, kind: "single", planIds: [w.plan.id], rule: "ownersMajority", electorateKind: "buildingOwners", buildingId: b.id, secret: true, closesAt: CLOSES }, T0);
    const render = (person: { id: number }) => renderPageAs(person, () => BallotPage({ params: Promise.resolve({ id: String(opened.ballotId) }) }), { now: at(HOUR) });
    const page = await render(w.chief);
    expect(page).toContain(`名册登记的开发商代表：${rep.name} ${rep.displayNumber}（物业公司 业主名册）`);
    expect(page).toContain("尚未登记开发商代表");
    // The imported owner sees the ballot as an elector, not the staff card.
    const ownerPage = await render(owner);
    expect(ownerPage).not.toContain("名册登记的开发商代表");
  });
});
