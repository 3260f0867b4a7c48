import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openDatabase, type DB } from "@/db/client";
import { WriteConflict } from "@/db/engine-errors";
import { readSnapshot, unitOfWork } from "@/db/unit-of-work";
import { communities, grids } from "@/db/schema";
import { describeError } from "@/lib/describe-error";
import { tempDb } from "../helpers/db";
import { first } from "@/db/query";

/*
 * The one way a use case writes (issue 15): unitOfWork(db, async (tx) => …). On SQLite the work runs
 * on the file's writer connection, one unit at a time, inside BEGIN IMMEDIATE, and may await.
 */
let env: ReturnType<typeof tempDb>;
let db: DB;
beforeEach(() => {
  env = tempDb();
  db = env.db;
});
afterEach(() => env.cleanup());

let seq = 0;
const addCommunity = async (tx: DB, name: string) => (await first(tx.insert(communities).values({ name, code: `C${++seq}`, district: "静安区", street: "石门二路街道" }).returning({ id: communities.id }))).id;
const names = async () => (await db.select({ name: communities.name }).from(communities)).map((c) => c.name);
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("the unit of work", () => {
  test("better-sqlite3's synchronous transaction is refused: at compile time (no such method) and at once at run time, writing nothing", async () => {
    const attempt = () =>
      // @ts-expect-error — DB has no transaction: an async callback there would commit its part after the first await outside the transaction.
      db.transaction(async (tx: DB) => {
        await addCommunity(tx, "半写入的社区");
        await tick();
        await addCommunity(tx, "事务之外的社区");
      });
    expect(attempt).toThrow(/unitOfWork/);
    expect(await names()).toEqual([]);
  });

  test("work that awaits commits all of it, and readers see none of it before the commit", async () => {
    let seenDuring: string[] = ["not read"];
    await unitOfWork(db, async (tx) => {
      await addCommunity(tx, "第一");
      await tick();
      // Another request reading meanwhile (the reading connection) sees the state before the unit.
      seenDuring = await names();
      await addCommunity(tx, "第二");
    });
    expect(seenDuring).toEqual([]);
    expect(await names()).toEqual(["第一", "第二"]);
  });

  test("a throw after an await rolls back what was written before it", async () => {
    await expect(
      unitOfWork(db, async (tx) => {
        await addCommunity(tx, "回滚的社区");
        await tick();
        throw new Error("a later step failed");
      }),
    ).rejects.toThrow("a later step failed");
    expect(await names()).toEqual([]);
  });

  test("units started together run one after another, never interleaved, and each sees the one before", async () => {
    const order: string[] = [];
    const unit = (name: string) =>
      unitOfWork(db, async (tx) => {
        order.push(`${name} begins`);
        const before = (await tx.select().from(communities)).length;
        await tick();
        await addCommunity(tx, `${name}:${before}`);
        order.push(`${name} ends`);
      });
    await Promise.all([unit("甲"), unit("乙"), unit("丙")]);
    expect(order).toEqual(["甲 begins", "甲 ends", "乙 begins", "乙 ends", "丙 begins", "丙 ends"]);
    expect(await names()).toEqual(["甲:0", "乙:1", "丙:2"]);
  });

  test("a unit started inside another joins it: one commit, and one rollback for both", async () => {
    await expect(
      unitOfWork(db, async (tx) => {
        await addCommunity(tx, "外层");
        await unitOfWork(db, async (inner) => void addCommunity(inner, "内层"));
        throw new Error("outer failed");
      }),
    ).rejects.toThrow("outer failed");
    expect(await names()).toEqual([]);
  });

  test("two processes' writers on one file: a second connection's unit waits for the first's commit", async () => {
    const other = openDatabase(env.file);
    try {
      await Promise.all([unitOfWork(db, async (tx) => void addCommunity(tx, "本进程")), unitOfWork(other, async (tx) => void addCommunity(tx, "另一进程"))]);
      expect((await names()).sort()).toEqual(["另一进程", "本进程"].sort());
    } finally {
      other.$client.close();
    }
  });

  test("a unique or foreign-key failure no use case mapped comes out as WriteConflict, answered 409 in the reader's language", async () => {
    const communityId = await unitOfWork(db, async (tx) => addCommunity(tx, "唯一"));
    await unitOfWork(db, async (tx) => void await tx.insert(grids).values({ communityId, code: "01", name: "第一网格" }));
    const duplicate = await unitOfWork(db, async (tx) => void await tx.insert(grids).values({ communityId, code: "01", name: "重复" })).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(WriteConflict);
    expect((duplicate as WriteConflict).kind).toBe("unique");
    expect(describeError(duplicate, "zh-CN")).toEqual({ status: 409, body: { code: "conflict", message: "这项内容刚被别人提交过，请刷新页面后再试。" } });

    const orphan = await unitOfWork(db, async (tx) => void await tx.insert(grids).values({ communityId: 999_999, code: "02", name: "无主" })).catch((e: unknown) => e);
    expect(orphan).toBeInstanceOf(WriteConflict);
    expect((orphan as WriteConflict).kind).toBe("foreignKey");
    expect(describeError(orphan, "en").status).toBe(409);
    expect(await db.select().from(grids).where(eq(grids.communityId, communityId))).toHaveLength(1);
  });

  test("a snapshot read sees one state even while a unit commits in between", async () => {
    await unitOfWork(db, async (tx) => void addCommunity(tx, "快照前"));
    const seen = await readSnapshot(db, async (snap) => {
      const first = (await snap.select().from(communities)).length;
      await unitOfWork(db, async (tx) => void addCommunity(tx, "快照中"));
      const second = (await snap.select().from(communities)).length;
      return [first, second];
    });
    expect(seen).toEqual([1, 1]);
    expect(await names()).toHaveLength(2);
  });
});
