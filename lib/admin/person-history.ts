import { and, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { buildings, communities, events, grids, organisations, people, roleKinds, units, type RoleKind } from "@/db/schema";
import { phoneKey } from "@/lib/auth/throttle";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import { personRef } from "@/lib/validation/admin";
import type { AdminRoleRow } from "./get-person-admin";
import { adminCommunityIds, personInCommunities } from "./scope";
import { first } from "@/db/query";
import { jsonNumber, jsonText } from "@/db/sql/json";

/**
 * What an admin is shown of the events log about one person: the acts on the account only. An
 * allowlist, not a blocklist — the log also holds when someone voted, paper-ballot elector keys and
 * proxy principals, none of which an admin may read here, and a kind added later stays hidden
 * until someone decides it belongs.
 */
const roleKindsInLog = ["role.assigned", "role.revoked", "person.created"] as const;
const registrationKinds = ["person.registered", "person.verified", "person.rejected"] as const;
// person.activated: the person set their password with an activation code (lib/activation/activate.ts).
// activation.lettersIssued is left out: its event is about a scope (counts only) and names nobody.
const accountKinds = ["person.passwordChanged", "apiToken.issued", "person.activated"] as const;
const signInKind = "signIn.slowedDown";
/** The register (owners', residents', staff) that verified the person: an event about the import, shown to the admins of its community. */
const importKind = "people.imported";
export type PersonHistoryKind = (typeof roleKindsInLog)[number] | (typeof registrationKinds)[number] | (typeof accountKinds)[number] | typeof signInKind | typeof importKind;

/** Newest first, at most this many: enough to answer "who did this, and when" after a break-in. */
export const PERSON_HISTORY_LIMIT = 50;

export type RoleScope = Pick<
  AdminRoleRow,
  "communityName" | "gridId" | "gridCode" | "gridName" | "unitId" | "unitNumber" | "buildingName" | "organisationId" | "organisationName" | "organisationKind"
>;

export type PersonHistoryEntry = {
  id: number;
  at: Date;
  kind: PersonHistoryKind;
  /** Who did it; null for the system (a sign-in slow-down). */
  by: { name: string; displayNumber: string } | null;
  /** The role granted, revoked or created with, and where. */
  role: (RoleScope & { role: RoleKind }) | null;
  /** Why a registration was rejected. */
  reason: string | null;
  /** The file of the import that verified the person (people.imported). */
  fileName: string | null;
};

const isRoleKind = (v: unknown): v is RoleKind => typeof v === "string" && (roleKinds as readonly string[]).includes(v);

/**
 * The account history of one person of the admin's community: registration and its review, or the
 * register import that verified them, activation, accounts made and roles granted or revoked by an
 * admin, password changes, API tokens issued and sign-in slow-downs on the number. Authorized as the person page's own read (getPersonAdmin):
 * only a person of the admin's communities, else 404. Role acts of another community are left
 * out, as the page leaves out the roles held there.
 */
export async function listPersonHistory(ctx: ActorCtx, raw: unknown): Promise<PersonHistoryEntry[]> {
  const input = personRef.parse(raw);
  const { db, actor } = ctx;
  const allowed = adminCommunityIds(actor, "person.manage");
  const person = await first(db
    .select({ id: people.id, phone: people.phone, verifiedByImportId: people.verifiedByImportId, registeredHere: sql<boolean>`exists (
      select 1 from ${units} u join ${buildings} b on u.building_id = b.id join ${grids} g on b.grid_id = g.id
      where u.id = ${people}.${sql.identifier("claimed_unit_id")} and g.community_id in (${sql.join(allowed.map((id) => sql`${id}`), sql`, `)}))`.mapWith(Boolean) })
    .from(people)
    .where(and(eq(people.id, input.personId), personInCommunities(allowed))));
  if (!person) throw notFound("personNotFound");

  // Ids logged in the event's data (a JSON column: text on SQLite, jsonb on PostgreSQL).
  const field = (name: "communityId" | "gridId" | "unitId" | "organisationId"): SQL => jsonNumber(db, events.data, name);
  const kinds: SQL[] = [
    and(inArray(events.kind, [...roleKindsInLog]), inArray(field("communityId"), allowed))!,
    inArray(events.kind, [...accountKinds]),
  ];
  // A registration belongs to the community of the unit claimed; an admin elsewhere reviewed none of it.
  if (person.registeredHere) kinds.push(inArray(events.kind, [...registrationKinds]));

  const by = alias(people, "event_actor");
  const unitBuilding = alias(buildings, "unit_building");
  const rows = await db
    .select({
      id: events.id,
      at: events.at,
      kind: events.kind,
      data: events.data,
      byName: by.name,
      byNumber: by.displayNumber,
      communityName: communities.name,
      gridCode: grids.code,
      gridName: grids.name,
      unitNumber: units.number,
      buildingName: unitBuilding.name,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
    })
    .from(events)
    .leftJoin(by, eq(events.actorId, by.id))
    .leftJoin(communities, eq(communities.id, field("communityId")))
    .leftJoin(grids, eq(grids.id, field("gridId")))
    .leftJoin(units, eq(units.id, field("unitId")))
    .leftJoin(unitBuilding, eq(units.buildingId, unitBuilding.id))
    .leftJoin(organisations, eq(organisations.id, field("organisationId")))
    .where(
      or(
        and(eq(events.subjectType, "person"), eq(events.subjectId, person.id), or(...kinds)),
        // Sign-in slow-downs are keyed by the number typed, not by an account.
        and(eq(events.subjectType, "signIn"), eq(events.kind, signInKind), eq(jsonText(db, events.data, "key"), phoneKey(person.phone))),
        // The import that verified them is logged about the import: found through the person's own link to it.
        person.verifiedByImportId != null
          ? and(eq(events.subjectType, "import"), eq(events.subjectId, person.verifiedByImportId), eq(events.kind, importKind), inArray(field("communityId"), allowed))
          : undefined,
      ),
    )
    .orderBy(desc(events.at), desc(events.id))
    .limit(PERSON_HISTORY_LIMIT);

  return rows.map((r) => {
    const data = r.data ?? {};
    const id = (name: string) => (typeof data[name] === "number" ? (data[name] as number) : null);
    const role = (roleKindsInLog as readonly string[]).includes(r.kind) && isRoleKind(data.role)
      ? {
          role: data.role,
          communityName: r.communityName ?? "",
          gridId: id("gridId"),
          gridCode: r.gridCode,
          gridName: r.gridName,
          unitId: id("unitId"),
          unitNumber: r.unitNumber,
          buildingName: r.buildingName,
          organisationId: id("organisationId"),
          organisationName: r.organisationName,
          organisationKind: r.organisationKind,
        }
      : null;
    return {
      id: r.id,
      at: r.at,
      kind: r.kind as PersonHistoryKind,
      by: r.byName != null && r.byNumber != null ? { name: r.byName, displayNumber: r.byNumber } : null,
      role,
      reason: r.kind === "person.rejected" && typeof data.reason === "string" ? data.reason : null,
      fileName: r.kind === importKind && typeof data.fileName === "string" ? data.fileName : null,
    };
  });
}
