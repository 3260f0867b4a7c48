import { NextIntlClientProvider } from "next-intl";
import { createElement, type ReactNode } from "react";
import { renderToReadableStream } from "react-dom/server";
import { describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { eq } from "drizzle-orm";
import { events, people, roles } from "@/db/schema";
import { assignRole } from "@/lib/admin/assign-role";
import { listPersonHistory } from "@/lib/admin/person-history";
import { revokeRole } from "@/lib/admin/revoke-role";
import { activate } from "@/lib/activation/activate";
import { issueActivationLetters } from "@/lib/activation/issue-letters";
import { castVote } from "@/lib/ballots/cast-vote";
import { importStaff } from "@/lib/imports/people/import-staff";
import { messages } from "@/lib/i18n/messages";
import { formatDate } from "@/lib/i18n/dates";
import { actorOf, ctxAs, ctxSignedOut, fileDb } from "../helpers/db";
import { makeTopic } from "../helpers/factory";
import { expectRefused } from "../helpers/refusal";
import { adminWorld } from "./admin-helpers";
import { sheetOf } from "./people-import-helpers";
import { first } from "@/db/query";

// The person page reads the signed-in admin and the language from the request: here, the test's scope.
const request = await vi.hoisted(async () => (await import("../helpers/page-session")).mockRequestScope());
const { default: PersonPage } = await import("@/app/admin/people/[id]/page");

let db: DB;
fileDb((d) => (db = d), { perTest: true });

/**
 * The page as `who` sees it in Chinese. Streamed, not renderPageAs's renderToString: the page shows
 * the display number through an async server component (DisplayNumber), which only the streaming
 * renderer waits for. Fails on any missing message, as renderPageAs does.
 */
async function renderPersonPage(who: { id: number }, personId: number): Promise<string> {
  request.actor = await actorOf(db, who);
  request.locale = "zh-CN";
  const missing: string[] = [];
  const tree = (await PersonPage({ params: Promise.resolve({ id: String(personId) }) })) as ReactNode;
  const stream = await renderToReadableStream(
    createElement(NextIntlClientProvider, { locale: "zh-CN", messages: messages["zh-CN"], timeZone: "Asia/Shanghai", onError: (e) => missing.push(e.message), children: tree }),
  );
  await stream.allReady;
  const html = await new Response(stream).text();
  expect(missing).toEqual([]);
  return html;
}

/** An admin grants a resident a grid-worker role in grid A, then takes it away again. */
async function grantedAndRevoked() {
  const w = await adminWorld(db);
  const assigned = await assignRole(w.as.admin, { personId: w.resident.id, role: "gridWorker", gridId: w.place.gridA.id });
  await revokeRole(w.as.admin, { roleId: assigned.roleId });
  return w;
}

describe("an admin reads a person's account history (the events log)", () => {
  test("a role granted then revoked is listed twice, newest first, with the admin who did it and the scope", async () => {
    const w = await grantedAndRevoked();
    const history = await listPersonHistory(w.as.admin, { personId: w.resident.id });
    expect(history.map((e) => ({ kind: e.kind, by: e.by, role: e.role?.role, grid: e.role?.gridName }))).toEqual([
      { kind: "role.revoked", by: { name: w.admin.name, displayNumber: w.admin.displayNumber }, role: "gridWorker", grid: "第一网格" },
      { kind: "role.assigned", by: { name: w.admin.name, displayNumber: w.admin.displayNumber }, role: "gridWorker", grid: "第一网格" },
    ]);
  });

  test("an admin of another community is refused as the person page's own read is (404), a grid chief with 403", async () => {
    const w = await grantedAndRevoked();
    await expectRefused(() => listPersonHistory(w.as.otherAdmin, { personId: w.resident.id }), 404, "personNotFound");
    await expectRefused(() => listPersonHistory(w.as.chief, { personId: w.resident.id }), 403);
  });

  test("the person's votes never appear, nor anything else of the log outside the account kinds", async () => {
    const w = await grantedAndRevoked();
    const topic = await makeTopic(db, w.place, { state: "voting", proposer: w.resident });
    await castVote(await ctxAs(w.resident), { ballotId: topic.ballotId!, choice: "agree" });
    await castVote(await ctxAs(w.resident), { ballotId: topic.ballotId!, choice: "disagree" });
    // Even a vote recorded against the person (not the ballot) stays out: the reader keeps to an allowlist.
    await db.insert(events).values({ actorId: w.resident.id, kind: "ballot.voted", subjectType: "person", subjectId: w.resident.id, data: { choice: "agree" } });
    const cast = (await db.select().from(events)).filter((e) => e.actorId === w.resident.id && e.kind.startsWith("ballot."));
    expect(cast.length).toBeGreaterThanOrEqual(3);

    const history = await listPersonHistory(w.as.admin, { personId: w.resident.id });
    expect(history.map((e) => e.kind)).toEqual(["role.revoked", "role.assigned"]);
    expect(JSON.stringify(history)).not.toMatch(/agree|ballot/);
  });

  test("role acts in another community stay with that community's admin", async () => {
    const w = await grantedAndRevoked();
    // The resident also lives in the other community, whose admin makes them a supervisor there.
    await db.insert(roles).values({ personId: w.resident.id, role: "resident", communityId: w.other.community.id, gridId: w.other.gridA.id, unitId: w.other.unitsA[0]!.id });
    await assignRole(w.as.otherAdmin, { personId: w.resident.id, role: "supervisor", communityId: w.other.community.id });
    expect((await listPersonHistory(w.as.admin, { personId: w.resident.id })).map((e) => e.kind)).toEqual(["role.revoked", "role.assigned"]);
    expect((await listPersonHistory(w.as.otherAdmin, { personId: w.resident.id })).map((e) => [e.kind, e.role?.role])).toEqual([["role.assigned", "supervisor"]]);
  });

  test("the person page shows the history in Chinese: sentence, Shanghai time and who did it", async () => {
    const w = await grantedAndRevoked();
    const html = await renderPersonPage(w.admin, w.resident.id);
    const section = html.slice(html.indexOf("账户记录"));
    expect(section).toContain("撤销角色：网格员，范围：网格 01 第一网格");
    expect(section).toContain("授予角色：网格员，范围：网格 01 第一网格");
    expect(section.indexOf("撤销角色")).toBeLessThan(section.indexOf("授予角色"));
    expect(section).toContain(`操作人：${w.admin.name}（${w.admin.displayNumber}）`);
    const [newest] = await listPersonHistory(w.as.admin, { personId: w.resident.id });
    // Written the one way every page writes dates (2026年12月8日 02:29, Beijing time).
    expect(section).toContain(formatDate(newest!.at, "zh-CN"));
  });

  test("someone brought in from a register: the import that verified them, with its file, and their activation", async () => {
    const w = await adminWorld(db);
    await importStaff(w.as.admin, { source: "街道 人员名单", dryRun: "0" }, sheetOf(["姓名", "手机号", "角色", "网格"], [["孙网格", "13700000021", "网格员", "01"]], "向阳社区工作人员.xlsx"));
    const worker = (await first(db.select().from(people).where(eq(people.phone, "13700000021"))))!;
    const imported = await listPersonHistory(w.as.admin, { personId: worker.id });
    expect(imported.map((e) => ({ kind: e.kind, by: e.by?.name, fileName: e.fileName }))).toEqual([{ kind: "people.imported", by: w.admin.name, fileName: "向阳社区工作人员.xlsx" }]);

    const letters = await issueActivationLetters(w.as.admin, { audience: "staff" });
    await activate(ctxSignedOut(db), { code: letters.staff[0]!.code, phone: worker.phone, password: "Harbour-lights9" });
    const history = await listPersonHistory(w.as.admin, { personId: worker.id });
    // Newest first; the letters' event names nobody (a scope and counts), so it is not the person's.
    expect(history.map((e) => [e.kind, e.by?.name])).toEqual([
      ["person.activated", "孙网格"],
      ["people.imported", w.admin.name],
    ]);

    const html = await renderPersonPage(w.admin, worker.id);
    const section = html.slice(html.indexOf("账户记录"));
    expect(section).toContain("用激活码激活了账号");
    expect(section).toContain("由名册导入并核验，文件：向阳社区工作人员.xlsx");
    expect(section.indexOf("用激活码激活了账号")).toBeLessThan(section.indexOf("由名册导入并核验"));
    // The other community's admin sees nothing of this person.
    await expectRefused(() => listPersonHistory(w.as.otherAdmin, { personId: worker.id }), 404, "personNotFound");
  });
});
