import { eq } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { people, roles, type PersonStatus, type RoleKind } from "@/db/schema";

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

export function loadActor(db: DB | Tx, personId: number): Actor | null {
  const person = db
    .select({
      id: people.id,
      name: people.name,
      phone: people.phone,
      displayNumber: people.displayNumber,
      status: people.status,
    })
    .from(people)
    .where(eq(people.id, personId))
    .get();
  if (!person) return null;
  const held = db
    .select({
      id: roles.id,
      role: roles.role,
      communityId: roles.communityId,
      gridId: roles.gridId,
      unitId: roles.unitId,
      organisationId: roles.organisationId,
    })
    .from(roles)
    .where(eq(roles.personId, personId))
    .all();
  return {
    personId: person.id,
    name: person.name,
    phone: person.phone,
    displayNumber: person.displayNumber,
    status: person.status,
    roles: held,
  };
}
