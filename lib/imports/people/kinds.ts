import "server-only";
import type { ActorCtx } from "@/lib/context";
import { notFound } from "@/lib/errors";
import type { OnProgress } from "@/lib/imports/sheet/progress";
import type { Sheet } from "@/lib/imports/sheet/read";
import { importOwnersRegister, ownersRegister } from "./import-owners-register";
import { importResidents, residentsList } from "./import-residents";
import { importStaff, staffSheet } from "./import-staff";
import type { PeopleImportResult, PeopleSheetKind } from "./run-import";

/** Rows a people file may hold: an estate of 100,000 units has more people than units (co-owners). */
export const PEOPLE_MAX_ROWS = 200_000;

/** The three people files as the routes name them (/api/v1/imports/people/{kind}). */
export const peopleKinds = {
  "owners-register": { spec: ownersRegister as PeopleSheetKind<string>, run: importOwnersRegister },
  residents: { spec: residentsList as PeopleSheetKind<string>, run: importResidents },
  staff: { spec: staffSheet as PeopleSheetKind<string>, run: importStaff },
} satisfies Record<string, { spec: PeopleSheetKind<string>; run: (ctx: ActorCtx, raw: unknown, sheet: Sheet, onProgress?: OnProgress) => Promise<PeopleImportResult> }>;
export type PeopleKindSlug = keyof typeof peopleKinds;

export function peopleKind(slug: string) {
  if (!Object.hasOwn(peopleKinds, slug)) throw notFound();
  return peopleKinds[slug as PeopleKindSlug];
}
