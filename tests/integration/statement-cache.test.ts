import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { people } from "@/db/schema";
import { tempDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { first } from "@/db/query";

const t = tempDb();
afterAll(() => t.cleanup());

describe("compiled statements are kept by their SQL", () => {
  it("the same SQL gets the same compiled statement", () => {
    const a = t.db.$client.prepare("SELECT count(*) AS n FROM people");
    const b = t.db.$client.prepare("SELECT count(*) AS n FROM people");
    expect(b).toBe(a);
    expect(t.db.$client.prepare("SELECT count(*) AS m FROM people")).not.toBe(a);
  });

  it("raw mode left on by one caller does not change what the next caller reads", () => {
    expect(t.db.$client.prepare("SELECT 1 AS x").raw().get()).toEqual([1]);
    expect(t.db.$client.prepare("SELECT 1 AS x").get()).toEqual({ x: 1 });
  });

  it("drizzle reads through the cache see writes made after the statement was compiled", async () => {
    const place = await makeCommunity(t.db);
    const person = await makePerson(t.db, place, "resident");
    const read = async () => await first(t.db.select({ name: people.name }).from(people).where(eq(people.id, person.id)));
    expect(await read()).toEqual({ name: person.name });
    await t.db.update(people).set({ name: "改过的名字" }).where(eq(people.id, person.id));
    expect(await read()).toEqual({ name: "改过的名字" });
    // A join read in row mode (drizzle uses raw arrays for it) and then a plain read of the same table.
    const joined = await t.db.select({ id: people.id, name: people.name }).from(people).where(eq(people.id, person.id));
    expect(joined).toEqual([{ id: person.id, name: "改过的名字" }]);
  });
});
