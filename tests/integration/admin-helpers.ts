import { count } from "drizzle-orm";
import type { DB } from "@/db/client";
import { buildings, events, grids, organisations, people, roles, units, agendaCategories, agendaItems } from "@/db/schema";
import { ctxAs, ctxSignedOut } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";

/** Two communities, an admin of each, and a few non-admins of the first. */
export function adminWorld(db: DB) {
  const place = makeCommunity(db);
  const other = makeCommunity(db);
  const admin = makePerson(db, place, "communityAdmin");
  const otherAdmin = makePerson(db, other, "communityAdmin");
  const chief = makePerson(db, place, "gridChief", { grid: "A" });
  const resident = makePerson(db, place, "resident", { grid: "A" });
  const pendingAdmin = makePerson(db, place, "communityAdmin", { status: "pending" });
  const ctx = (personId: number) => ctxAs(personId, db);
  return { place, other, admin, otherAdmin, chief, resident, pendingAdmin, ctx, as: { admin: ctx(admin.id), otherAdmin: ctx(otherAdmin.id), chief: ctx(chief.id), resident: ctx(resident.id), pendingAdmin: ctx(pendingAdmin.id), nobody: ctxSignedOut(db) } };
}

/** Row counts of every table an admin use case writes, to prove a refusal wrote nothing. */
export function snapshot(db: DB) {
  const n = (t: Parameters<ReturnType<DB["select"]>["from"]>[0]) => db.select({ n: count() }).from(t).get()!.n;
  return {
    grids: n(grids),
    buildings: n(buildings),
    units: n(units),
    people: n(people),
    roles: n(roles),
    organisations: n(organisations),
    categories: n(agendaCategories),
    items: n(agendaItems),
    events: n(events),
  };
}
