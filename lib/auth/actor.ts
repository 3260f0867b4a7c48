import { eq, sql } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { compiledOnce } from "@/db/compiled";
import { people, roles, type PersonStatus, type RoleKind } from "@/db/schema";
import { first } from "@/db/query";

export type ActorRole = {
  id: number;
  role: RoleKind;
  communityId: number;
  gridId: number | null;
  unitId: number | null;
  organisationId: number | null;
};

/** Who is acting: always built from the session or the bearer token, never from input. */
export type Actor = {
  personId: number;
  name: string;
  phone: string;
  displayNumber: string;
  status: PersonStatus;
  roles: ActorRole[];
};

const personColumns = { id: people.id, name: people.name, phone: people.phone, displayNumber: people.displayNumber, status: people.status };
const roleColumns = {
  id: roles.id,
  role: roles.role,
  communityId: roles.communityId,
  gridId: roles.gridId,
  unitId: roles.unitId,
  organisationId: roles.organisationId,
};

function buildActorReads(db: DB) {
  const personId = sql.placeholder("personId");
  return {
    person: db.select(personColumns).from(people).where(eq(people.id, personId)).prepare(),
    roles: db.select(roleColumns).from(roles).where(eq(roles.personId, personId)).prepare(),
  };
}

export async function loadActor(db: DB | Tx, personId: number): Promise<Actor | null> {
  // Every request loads its actor: on the process-wide handle the two reads are compiled once.
  const reads = compiledOnce(db, buildActorReads);
  const person = reads ? reads.person.get({ personId }) : await first(db.select(personColumns).from(people).where(eq(people.id, personId)));
  if (!person) return null;
  const held = reads ? reads.roles.all({ personId }) : await db.select(roleColumns).from(roles).where(eq(roles.personId, personId));
  return {
    personId: person.id,
    name: person.name,
    phone: person.phone,
    displayNumber: person.displayNumber,
    status: person.status,
    roles: held,
  };
}
