import { count } from "drizzle-orm";
import { expect } from "vitest";
import { ZodError } from "zod";
import type { DB } from "@/db/client";
import { buildings, events, grids, organisations, people, roles, units, agendaCategories, agendaItems } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { actorOf } from "../helpers/db";
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
  const ctx = (personId: number | null): Ctx => ({ db, actor: personId == null ? null : actorOf(db, personId) });
  return { place, other, admin, otherAdmin, chief, resident, pendingAdmin, ctx, as: { admin: ctx(admin.id), otherAdmin: ctx(otherAdmin.id), chief: ctx(chief.id), resident: ctx(resident.id), pendingAdmin: ctx(pendingAdmin.id), nobody: ctx(null) } };
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

/** Runs fn, expects an AppError with this status (and message key), returns it. */
export function expectAppError(fn: () => unknown, status: number, key?: string): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.status).toBe(status);
    if (key) expect(err.messageKey).toBe(key);
    return err;
  }
  throw new Error(`expected an AppError ${status}${key ? ` ${key}` : ""}, nothing was thrown`);
}

export async function expectAppErrorAsync(fn: () => Promise<unknown>, status: number, key?: string): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.status).toBe(status);
    if (key) expect(err.messageKey).toBe(key);
    return err;
  }
  throw new Error(`expected an AppError ${status}${key ? ` ${key}` : ""}, nothing was thrown`);
}

/** Runs fn, expects a ZodError whose issue on `path` carries the message key. */
export function expectInvalid(fn: () => unknown, path: string, key: string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ZodError);
    const issue = (e as ZodError).issues.find((i) => i.path.join(".") === path);
    expect(issue?.message, `issues: ${JSON.stringify((e as ZodError).issues)}`).toBe(key);
    return;
  }
  throw new Error(`expected a ZodError on ${path}, nothing was thrown`);
}

export async function expectInvalidAsync(fn: () => Promise<unknown>, path: string, key: string) {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ZodError);
    const issue = (e as ZodError).issues.find((i) => i.path.join(".") === path);
    expect(issue?.message, `issues: ${JSON.stringify((e as ZodError).issues)}`).toBe(key);
    return;
  }
  throw new Error(`expected a ZodError on ${path}, nothing was thrown`);
}
