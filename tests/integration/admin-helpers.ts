import { count } from "drizzle-orm";
import type { DB } from "@/db/client";
import { buildings, events, grids, organisations, people, roles, units, agendaCategories, agendaItems } from "@/db/schema";
import { ctxAs, ctxSignedOut } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";
import { first } from "@/db/query";

/** Two communities, an admin of each, and a few non-admins of the first. */
export async function adminWorld(db: DB) {
  const place = await makeCommunity(db);
  const other = await makeCommunity(db);
  const admin = await makePerson(db, place, "communityAdmin");
  const otherAdmin = await makePerson(db, other, "communityAdmin");
  const chief = await makePerson(db, place, "gridChief", { grid: "A" });
  const resident = await makePerson(db, place, "resident", { grid: "A" });
  const pendingAdmin = await makePerson(db, place, "communityAdmin", { status: "pending" });
  const ctx = (personId: number) => ctxAs(personId, db);
  return { place, other, admin, otherAdmin, chief, resident, pendingAdmin, ctx, as: { admin: await ctx(admin.id), otherAdmin: await ctx(otherAdmin.id), chief: await ctx(chief.id), resident: await ctx(resident.id), pendingAdmin: await ctx(pendingAdmin.id), nobody: ctxSignedOut(db) } };
}

/** Row counts of every table an admin use case writes, to prove a refusal wrote nothing. */
export async function snapshot(db: DB) {
  const n = async (t: Parameters<ReturnType<DB["select"]>["from"]>[0]) => (await first(db.select({ n: count() }).from(t)))!.n;
  return {
    grids: await n(grids),
    buildings: await n(buildings),
    units: await n(units),
    people: await n(people),
    roles: await n(roles),
    organisations: await n(organisations),
    categories: await n(agendaCategories),
    items: await n(agendaItems),
    events: await n(events),
  };
}
