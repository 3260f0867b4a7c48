import { z } from "zod";

/**
 * Field schemas shared by forms, server actions and the API. Error messages are i18n keys under
 * `errors.` (see lib/i18n/messages), so each caller shows them in the reader's language.
 */
export const phone = z
  .string({ error: "phoneRequired" })
  .trim()
  .regex(/^1[3-9]\d{9}$/, { error: "phoneFormat" })
  .meta({ description: "Mainland mobile number, 11 digits", example: "13800000101" });

export const password = z
  .string({ error: "passwordRequired" })
  .min(8, { error: "passwordTooShort" })
  .max(72, { error: "passwordTooLong" });

export const personName = z
  .string({ error: "nameRequired" })
  .trim()
  .min(1, { error: "nameRequired" })
  .max(30, { error: "nameTooLong" });

/**
 * A row's id: a positive whole number the database can hold. PostgreSQL's `integer` ids end at
 * 2^31 − 1; a larger number in a URL would fail there as an overflow (a 500) where SQLite just
 * finds nothing, so it is refused as no id on both engines.
 */
export const MAX_ID = 2_147_483_647;
export const id = z.coerce.number({ error: "idRequired" }).int({ error: "idRequired" }).positive({ error: "idRequired" }).max(MAX_ID, { error: "idRequired" });

export const optionalText = (max: number) => z.string().trim().max(max, { error: "textTooLong" }).default("");

/** FormData sends "" for an untouched input, select or radio: that means "not given". */
export const blankToUndefined = (v: unknown) => (v === null || (typeof v === "string" && v.trim() === "") ? undefined : v);

/** An optional id from a form or a JSON body. */
export const optionalId = z.preprocess(blankToUndefined, id.optional());

/** A calendar date as YYYY-MM-DD (Beijing time) that really exists: no 30 February, years 2000–2100. */
export const calendarDate = (error: string) =>
  z
    .string({ error })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error })
    .refine(
      (s) => {
        const d = new Date(`${s}T00:00:00Z`);
        // 2025-02-30 parses as 2 March: a date that does not round-trip does not exist.
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100;
      },
      { error },
    );

/** A checkbox: FormData sends "on" when ticked and nothing when not; JSON sends booleans. */
export const checkbox = z.preprocess((v) => {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return ["1", "true", "on", "yes"].includes(v.trim().toLowerCase());
  return v;
}, z.boolean());
