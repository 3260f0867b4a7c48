import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { DB } from "@/db/client";
import * as schema from "@/db/schema/sqlite";
import * as pgSchema from "@/db/schema-pg";
import { reindexTopic } from "@/lib/search/index-topic";
import { pgMatchingTopicIds, pgReindexTopic, type PgDB } from "@/lib/search/pg-text-search";
import { matchingTopicIds } from "@/lib/search/search-topics";
import { anyQueryWords, queryWords } from "@/lib/search/segment";
import { tempDb } from "../helpers/db";
import { doc, insertTopicRow, makeCommunity, makeItem, makePerson } from "../helpers/factory";
import { freshPgDatabase } from "./database";

/**
 * Chinese search on both engines: one corpus indexed by the SQLite code (FTS5) in a temporary file
 * and by the PostgreSQL code (tsvector, 'simple') in a fresh database, then the same queries on
 * both must give the same topics in the same order — the cases of the SQLite search tests
 * (tests/integration/topics.test.ts, opinions.test.ts) and more: body-only words, several words,
 * words unicode61 cuts (2.5, l'été), a word many opinions repeat, and operator input.
 */

const corpus: Entry[] = [
  { title: "小区停车难问题", description: "晚上停车位不够，车辆乱停在消防通道。" },
  { title: "5号楼加装电梯", description: "希望加装电梯，老人出行方便。" },
  { title: "3号楼加装电梯", description: "老人上下楼困难，希望加装电梯，方便出行。", location: "3号楼" },
  { title: "楼道电动车充电隐患", description: "电动车停在楼道里充电，堵住了消防通道，需要大家一起商量。" },
  {
    title: "雨季地下室渗水",
    description: "地下室墙面渗水，住户担心安全。",
    opinions: ["电梯井也进水了", "电梯这个月停运两次", "电梯按钮受潮失灵", "电梯机房很潮湿", "建议先修电梯", "电梯维保单位要来看看", "你们都是骗子，收钱不干活！"],
  },
  { title: "健身器材维修", description: "广场健身器材损坏，宽2.5米的步道也要修。", location: "中心广场" },
  { title: "Café 外摆占道", description: "The cafe's tables block the path; l'été 的时候更严重。" },
  { title: "停车棚维修", description: "车棚顶破了，电动车淋雨。", opinions: ["支持尽快维修停车棚"] },
  { title: "消防通道被占", description: "消防车进不来，车辆长期停放在通道上。" },
  // Two entries alike but for one word of the title: equal ranks, so the older topic comes first.
  { title: "西门垃圾分类亭", description: "分类亭太小，垃圾满了。" },
  { title: "东门垃圾分类亭", description: "分类亭太小，垃圾满了。" },
  // bm25, not ts_rank: eight short opinions saying 噪音 outweigh one mention in a long topic's title.
  { title: "夜间施工噪音", description: "工地晚上十点以后还在施工，机器轰鸣，楼上楼下的住户都睡不好，孩子尤其受影响，希望街道出面协调施工时间。" },
  { title: "广场舞扰民", description: "音箱太响。", opinions: ["噪音太大", "噪音扰民", "晚上噪音", "噪音影响休息", "噪音超标", "噪音问题", "又是噪音", "噪音"] },
];

type Entry = { title: string; description: string; location?: string; opinions?: string[] };
type Hit = { id: number; rank: number };

/**
 * One corpus on both engines: topics (and their opinions) written to a temporary SQLite file, the
 * same rows copied to a fresh PostgreSQL database (ids included: the two schemas' row types are the
 * same), each indexed by its engine's own code.
 */
async function twoEngines(label: string, entries: Entry[]) {
  const sqlite = tempDb();
  const db = sqlite.db;
  const place = await makeCommunity(db);
  const proposer = await makePerson(db, place, "resident");
  const neighbour = await makePerson(db, place, "resident");
  const item = await makeItem(db, place, { name: "公共设施维修" });
  const ids: number[] = [];
  for (const t of entries) {
    const row = await insertTopicRow(db, place, {
      agendaItemId: item.id,
      proposerId: proposer.id,
      title: t.title,
      descriptionJson: doc(t.description),
      location: t.location ?? "",
      state: "consulting",
      cosignThreshold: 2,
      cosignDeadline: new Date(Date.now() + 86_400_000),
    });
    ids.push(row.id);
    for (const body of t.opinions ?? []) db.insert(schema.opinions).values({ topicId: row.id, authorId: neighbour.id, stance: "support", body }).run();
  }

  const pgDatabase = await freshPgDatabase(label);
  const pool = new pg.Pool({ connectionString: pgDatabase.url, max: 2 });
  const pgdb: PgDB = drizzle(pool, { schema: pgSchema });
  await migrate(pgdb, { migrationsFolder: "db/migrations-pg" });
  const copied = [
    [schema.communities, pgSchema.communities],
    [schema.grids, pgSchema.grids],
    [schema.people, pgSchema.people],
    [schema.agendaCategories, pgSchema.agendaCategories],
    [schema.agendaItems, pgSchema.agendaItems],
    [schema.topics, pgSchema.topics],
    [schema.opinions, pgSchema.opinions],
  ] as const;
  for (const [from, to] of copied) {
    const rows = db.select().from(from).all();
    if (rows.length) await pgdb.insert(to).values(rows as never[]);
  }
  for (const id of ids) {
    await reindexTopic(db, id);
    await pgReindexTopic(pgdb, id);
  }

  return {
    sqlite: db,
    pgdb,
    ids,
    /** What each engine finds for what a person typed, best first. */
    async search(input: string, mode: "all" | "any" = "all"): Promise<{ onSqlite: Hit[]; onPg: Hit[] }> {
      const onSqlite = await matchingTopicIds(db as DB, input, { any: mode === "any" });
      const words = mode === "any" ? anyQueryWords(input) : queryWords(input);
      const onPg = await pgMatchingTopicIds(pgdb, words, { any: mode === "any" });
      return { onSqlite, onPg };
    },
    async close() {
      await pool.end();
      await pgDatabase.drop();
      sqlite.cleanup();
    },
  };
}

let engines: Awaited<ReturnType<typeof twoEngines>>;
beforeAll(async () => {
  engines = await twoEngines("search", corpus);
});
afterAll(async () => {
  await engines?.close();
});

const titleOf = (id: number) => corpus[engines.ids.indexOf(id)]?.title ?? `#${id}`;

/** Both engines find exactly `expected`, in this order. */
async function expectFound(input: string, expected: string[], mode: "all" | "any" = "all") {
  const found = await engines.search(input, mode);
  const onSqlite = found.onSqlite.map((h) => titleOf(h.id));
  const onPg = found.onPg.map((h) => titleOf(h.id));
  expect({ input, onSqlite }).toEqual({ input, onSqlite: expected });
  expect({ input, onPg }).toEqual({ input, onPg: expected });
}

describe("Chinese search on SQLite and PostgreSQL", () => {
  test("two-character words are found (电梯, 停车, 停车位), best match first, the same on both", async () => {
    // The title counts five times a body word: topics named after the lift come first; the
    // basement whose six opinions mention it still follows, above nothing else.
    await expectFound("电梯", ["5号楼加装电梯", "3号楼加装电梯", "雨季地下室渗水"]);
    // 停车 is a word and the start of one (停车位, 停车棚).
    await expectFound("停车", ["小区停车难问题", "停车棚维修"]);
    await expectFound("停车位", ["小区停车难问题"]);
    await expectFound("消防", ["消防通道被占", "小区停车难问题", "楼道电动车充电隐患"]);
    await expectFound("老人", ["5号楼加装电梯", "3号楼加装电梯"]);
    await expectFound("充电", ["楼道电动车充电隐患"]);
  });

  test("words of the body only, words of the title only, and several words that must all appear", async () => {
    // 通道 is in one title and two descriptions; 车棚 only in a description; 维修 in two titles and an opinion.
    await expectFound("通道", ["消防通道被占", "小区停车难问题", "楼道电动车充电隐患"]);
    await expectFound("车棚", ["停车棚维修"]);
    await expectFound("维修", ["停车棚维修", "健身器材维修"]);
    await expectFound("老人上下楼困难", ["3号楼加装电梯"]);
    await expectFound("消防 车辆", ["消防通道被占", "小区停车难问题"]);
    await expectFound("加装电梯 老人出行", ["5号楼加装电梯", "3号楼加装电梯"]);
  });

  test("ranked by bm25 on both: many mentions in opinions can outweigh one in a long topic's title", async () => {
    await expectFound("噪音", ["广场舞扰民", "夜间施工噪音"]);
  });

  test("equal ranks fall to the older topic on both", async () => {
    await expectFound("垃圾", ["西门垃圾分类亭", "东门垃圾分类亭"]);
    await expectFound("东门", ["东门垃圾分类亭"]);
  });

  test("a query matching nothing finds nothing on both", async () => {
    await expectFound("游泳池", []);
    await expectFound("电梯 游泳池", []);
    await expectFound("", []);
  });

  test("words unicode61 cuts (2.5, l'été, café) and Latin letters match alike", async () => {
    await expectFound("2.5", ["健身器材维修"]);
    await expectFound("5", ["5号楼加装电梯", "健身器材维修"]);
    await expectFound("cafe", ["Café 外摆占道"]);
    await expectFound("Café", ["Café 外摆占道"]);
    await expectFound("ete", ["Café 外摆占道"]);
    await expectFound("TABLES", ["Café 外摆占道"]);
  });

  test("operator and SQL-shaped input is inert on both: nothing throws, nothing matches everything", async () => {
    const inert: [string, string[]][] = [
      ["电梯 OR 1=1", []],
      ["' OR 1=1 --", []],
      ['"', []],
      ["*", []],
      ["'", []],
      ["\\", []],
      ["(", []],
      [")", []],
      ["&", []],
      ["|", []],
      ["!", []],
      [":*", []],
      ["<->", []],
      ["NEAR(a b)", []],
      ["停车 & !电梯", []],
      ["停车 -电梯", []],
      ['"电梯" OR *', []],
      ["电梯) | (停车", []],
      ["电梯:*", ["5号楼加装电梯", "3号楼加装电梯", "雨季地下室渗水"]],
      ["电梯 & 停车", []],
      ["!电梯", ["5号楼加装电梯", "3号楼加装电梯", "雨季地下室渗水"]],
      ["title:电梯", []],
      // 位 is a word of its own here, and no word starts with it.
      ["停车'位", []],
    ];
    for (const [input, expected] of inert) await expectFound(input, expected);
  });

  test("similar topics (any word may match) are the same on both", async () => {
    // 电动车充电 is 电动, 车, 充电: the topic with all three first, then those with 电动 or 车 (车辆, 车棚 …).
    await expectFound("电动车充电", ["楼道电动车充电隐患", "停车棚维修", "消防通道被占", "小区停车难问题", "5号楼加装电梯", "3号楼加装电梯", "雨季地下室渗水"], "any");
    await expectFound("加装电梯 停车", ["5号楼加装电梯", "3号楼加装电梯", "小区停车难问题", "停车棚维修", "雨季地下室渗水"], "any");
    await expectFound("NEAR(游泳池 OR *)", [], "any");
  });

  test("a hidden opinion leaves the index of both when the topic is reindexed", async () => {
    await expectFound("骗子", ["雨季地下室渗水"]);
    const id = engines.ids[corpus.findIndex((t) => t.title === "雨季地下室渗水")]!;
    const hidden = { hiddenAt: new Date(), hiddenReason: "含有人身攻击内容" };
    engines.sqlite.update(schema.opinions).set(hidden).where(eq(schema.opinions.body, "你们都是骗子，收钱不干活！")).run();
    await engines.pgdb.update(pgSchema.opinions).set(hidden).where(eq(pgSchema.opinions.body, "你们都是骗子，收钱不干活！"));
    await reindexTopic(engines.sqlite, id);
    await pgReindexTopic(engines.pgdb, id);
    await expectFound("骗子", []);
    await expectFound("电梯", ["5号楼加装电梯", "3号楼加装电梯", "雨季地下室渗水"]);
    // One entry per topic on PostgreSQL, rewritten in place.
    const entries = await engines.pgdb.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM topic_search WHERE topic_id = ${id}`);
    expect(entries.rows[0]!.n).toBe(1);
  });
});

describe("a larger corpus: every query ranks the same on both engines", () => {
  // A seeded corpus of neighbourhood words (Chinese, numbers with decimals, a little Latin), and
  // queries of one to three of its words or their first characters: prefixes, rare and common
  // words, body-only and title-only words, in both modes.
  const vocabulary = [
    "电梯", "停车", "停车位", "车位", "消防", "通道", "楼道", "电动车", "充电", "维修", "漏水", "噪音", "垃圾", "分类", "绿化",
    "老人", "孩子", "物业", "业委会", "费用", "公示", "路灯", "监控", "快递", "外卖", "广场", "健身", "施工", "2.5", "1.2",
    "café", "wifi", "门禁", "单元", "小区", "街道", "网格", "议事", "方案", "表决",
  ];
  let seed = 15;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = () => vocabulary[Math.floor(random() * vocabulary.length)]!;
  const phrase = (n: number) => Array.from({ length: n }, pick).join("，");
  const entries: Entry[] = Array.from({ length: 120 }, (_, i) => ({
    title: `${phrase(1 + Math.floor(random() * 3))}${i}`,
    description: phrase(3 + Math.floor(random() * 40)),
    opinions: random() < 0.3 ? [phrase(2 + Math.floor(random() * 6)), phrase(1 + Math.floor(random() * 4))] : [],
  }));
  const queries = [
    ...vocabulary,
    ...vocabulary.map((w) => [...w][0]!),
    ...Array.from({ length: 40 }, () => `${pick()} ${pick()}`),
    ...Array.from({ length: 20 }, () => `${pick()}${pick()}${pick()}`),
  ];

  let big: Awaited<ReturnType<typeof twoEngines>>;
  beforeAll(async () => {
    big = await twoEngines("search_big", entries);
  });
  afterAll(async () => {
    await big?.close();
  });

  test("the same topics in the same order, with the same ranks", async () => {
    let compared = 0;
    for (const mode of ["all", "any"] as const) {
      for (const input of queries) {
        const { onSqlite, onPg } = await big.search(input, mode);
        expect({ input, mode, ids: onPg.map((h) => h.id) }).toEqual({ input, mode, ids: onSqlite.map((h) => h.id) });
        onPg.forEach((h, i) => expect(h.rank).toBeCloseTo(onSqlite[i]!.rank, 12));
        compared += onSqlite.length;
      }
    }
    // The corpus is not trivially empty for these queries.
    expect(compared).toBeGreaterThan(2000);
  });
});
