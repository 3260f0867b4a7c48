import { z } from "zod";
import { organisationKinds, roleKinds, topicLevels, voteRules } from "@/db/schema";
import { id, optionalText, password, personName, phone } from "./common";

/**
 * Schemas of the community admin use cases. The same schema parses a form (strings from FormData),
 * a JSON body of /api/v1 and documents the OpenAPI operation. Messages are keys under `errors.`.
 */

/** Empty form fields mean "not given": FormData sends "" for an untouched input or select. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const numberToString = (v: unknown) => (typeof v === "number" ? String(v) : v);

export const optionalId = z.preprocess(blankToUndefined, id.optional());

/** The community an admin acts in; may be left out when the admin runs only one community. */
const communityId = optionalId.meta({ description: "Community to act in; optional when you administer only one" });

/**
 * Grid and building codes: 1–2 digits, stored as 2 ("3" → "03"). "00" is reserved: display numbers
 * use grid "00" for people who belong to no grid.
 */
export const twoDigitCode = z
  .preprocess(
    numberToString,
    z
      .string({ error: "codeDigits" })
      .trim()
      .normalize("NFKC")
      .regex(/^\d{1,2}$/, { error: "codeDigits" })
      .transform((s) => s.padStart(2, "0"))
      .refine((s) => s !== "00", { error: "codeDigits" }),
  )
  .meta({ description: "1–2 digits, stored as 2 (01–99)", example: "03" });

const title = (max: number) =>
  z.string({ error: "titleRequired" }).trim().min(1, { error: "titleRequired" }).max(max, { error: "textTooLong" });

/** Room number as written on the door ("1302", "2-501", "商铺3"): no spaces, at most 20 characters. */
export const unitNumber = z
  .preprocess(
    numberToString,
    z
      .string({ error: "unitNumberRequired" })
      .trim()
      .normalize("NFKC")
      .min(1, { error: "unitNumberRequired" })
      .max(20, { error: "unitNumberFormat" })
      .regex(/^\S+$/, { error: "unitNumberFormat" }),
  )
  .meta({ description: "Room number as on the door", example: "1302" });

/** "89.12" m² → 8912: integer hundredths keep the area sums of the owners' vote exact. */
function toHundredths(s: string): number {
  const [whole = "0", frac = ""] = s.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/**
 * Exclusive area in m² with at most two decimals, given as a number or text ("89.12", "89.12㎡",
 * full-width digits). The parsed value is in hundredths of a m².
 */
export const area = z
  .preprocess(
    numberToString,
    z
      .string({ error: "areaRequired" })
      .trim()
      .normalize("NFKC")
      .min(1, { error: "areaRequired" })
      .transform((s) => s.replace(/\s*(m2|平方米|平米)$/i, ""))
      .pipe(z.string().regex(/^\d{1,5}(\.\d{1,2})?$/, { error: "areaInvalid" }))
      .transform(toHundredths)
      .refine((h) => h > 0 && h <= 1_000_000, { error: "areaInvalid" }),
  )
  .meta({ description: "Exclusive area in m², at most two decimals (0.01–10000)", example: "89.12" });

const truthy = ["1", "true", "yes", "y", "on", "是"];
const falsy = ["0", "false", "no", "n", "off", "否", ""];
/** true/false from JSON, a checkbox ("on"), or a CSV cell (是/否). */
export const boolish = (error: string) =>
  z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const s = v.trim().toLowerCase();
    if (truthy.includes(s)) return true;
    if (falsy.includes(s)) return false;
    return v;
  }, z.boolean({ error }));

const optionalInt = (min: number, max: number, error: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional());

/** Like optionalInt, but "" or null clears the value (e.g. an item falls back to its grid's threshold). */
const clearableInt = (min: number, max: number, error: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : v),
    z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).nullable().optional(),
  );

const sortOrder = optionalInt(0, 999, "sortOrderInvalid");
const cosignThreshold = clearableInt(1, 100, "thresholdInvalid").meta({
  description: "Co-signatures a topic needs; null uses the grid's threshold",
});
/** The participation floor as a percent of the electorate that must vote; "" or null falls back (item → community → more than half). */
const minTurnoutPercent = clearableInt(1, 100, "turnoutPercentInvalid").meta({
  description: "Participation floor of residents' and attendees' simple-majority and two-thirds ballots: at least this percent of the electorate votes; null falls back to the community's, then to more than half",
});

// ── Places

export const communityQuery = z.object({ communityId });
export type CommunityQuery = z.infer<typeof communityQuery>;

export const createGridInput = z.object({
  communityId,
  code: twoDigitCode,
  name: title(30),
  /** 网格议事日: the day of the month of the grid's regular council meeting. */
  councilDay: optionalInt(1, 31, "councilDayInvalid"),
  cosignThreshold: optionalInt(1, 100, "thresholdInvalid"),
});
export type CreateGridInput = z.infer<typeof createGridInput>;

export const gridRef = z.object({ gridId: id });
export const buildingRef = z.object({ buildingId: id });

export const createBuildingInput = z.object({
  gridId: id,
  code: twoDigitCode,
  /** Defaults to "3号楼" from the code when left empty. */
  name: z.preprocess(blankToUndefined, title(30).optional()),
  floors: optionalInt(1, 200, "floorsInvalid"),
});
export type CreateBuildingInput = z.infer<typeof createBuildingInput>;

export const createUnitInput = z.object({
  buildingId: id,
  number: unitNumber,
  area,
  developerHeld: boolish("developerHeldInvalid").default(false),
});
export type CreateUnitInput = z.infer<typeof createUnitInput>;

// ── People and roles

export const roleKind = z.enum(roleKinds, { error: "roleRequired" });

/**
 * A role and its scope. Which scope fields count depends on the role (see lib/admin/role-scope.ts):
 * the others are ignored, so a form may send all its pickers.
 */
const roleScope = {
  role: roleKind,
  communityId,
  gridId: optionalId,
  unitId: optionalId,
  organisationId: optionalId,
};

export const createPersonInput = z.object({ name: personName, phone, password, ...roleScope });
export type CreatePersonInput = z.infer<typeof createPersonInput>;

export const assignRoleInput = z.object({ personId: id, ...roleScope });
export type AssignRoleInput = z.infer<typeof assignRoleInput>;
export type RoleScopeInput = Pick<AssignRoleInput, "role" | "communityId" | "gridId" | "unitId" | "organisationId">;

export const revokeRoleInput = z.object({ roleId: id });

export const PEOPLE_PAGE_SIZE = 20;

export const listPeopleInput = z.object({
  communityId,
  /** Part of a name, a phone number or a display number. */
  q: z.preprocess(blankToUndefined, z.string().trim().normalize("NFKC").max(50, { error: "textTooLong" }).optional()),
  page: z.coerce.number().int().min(1).catch(1).default(1),
});
export type ListPeopleInput = z.infer<typeof listPeopleInput>;

export const personRef = z.object({ personId: id });

// ── Organisations

/** Organisation codes appear in display numbers (HX00-WY-WY1-2): capitals and digits, no dash. */
export const organisationCode = z
  .string({ error: "orgCodeFormat" })
  .trim()
  .normalize("NFKC")
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,8}$/, { error: "orgCodeFormat" })
  .meta({ description: "1–8 capital letters or digits, used in display numbers", example: "WY1" });

export const organisationKind = z.enum(organisationKinds, { error: "orgKindRequired" });

export const createOrganisationInput = z.object({
  communityId,
  kind: organisationKind,
  name: title(60),
  code: organisationCode,
  description: optionalText(500),
});
export type CreateOrganisationInput = z.infer<typeof createOrganisationInput>;

/** The kind stays: the roles held in an organisation depend on it. */
export const updateOrganisationInput = z.object({
  organisationId: id,
  name: title(60).optional(),
  code: organisationCode.optional(),
  description: z.string().trim().max(500, { error: "textTooLong" }).optional(),
});
export type UpdateOrganisationInput = z.infer<typeof updateOrganisationInput>;

export const listOrganisationsInput = z.object({
  communityId,
  kind: z.preprocess(blankToUndefined, organisationKind.optional()),
});

// ── Agenda catalog (议事清单)

export const createCategoryInput = z.object({ communityId, name: title(30), sortOrder });
export type CreateCategoryInput = z.infer<typeof createCategoryInput>;

export const topicLevel = z.enum(topicLevels, { error: "levelRequired" });
export const voteRule = z.enum(voteRules, { error: "voteRuleRequired" });

export const createItemInput = z.object({
  categoryId: id,
  name: title(60),
  description: optionalText(500),
  defaultLevel: topicLevel.default("grid"),
  defaultVoteRule: voteRule.default("simpleMajority"),
  cosignThreshold,
  minTurnoutPercent,
  sortOrder,
});
export type CreateItemInput = z.infer<typeof createItemInput>;

/** Only the fields given change; `cosignThreshold: null` (or "") goes back to the grid's threshold. */
export const updateItemInput = z.object({
  itemId: id,
  name: title(60).optional(),
  description: z.string().trim().max(500, { error: "textTooLong" }).optional(),
  defaultLevel: topicLevel.optional(),
  defaultVoteRule: voteRule.optional(),
  cosignThreshold,
  minTurnoutPercent,
  active: boolish("invalidField").optional(),
  sortOrder,
});
export type UpdateItemInput = z.infer<typeof updateItemInput>;

/** The community's default participation floor; "" or null: more than half of the electorate. */
export const communityTurnoutInput = z.object({ communityId, minTurnoutPercent: minTurnoutPercent.transform((v) => v ?? null) });
export type CommunityTurnoutInput = z.infer<typeof communityTurnoutInput>;
