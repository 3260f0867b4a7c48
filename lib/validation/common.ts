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

export const id = z.coerce.number({ error: "idRequired" }).int({ error: "idRequired" }).positive({ error: "idRequired" });

export const optionalText = (max: number) => z.string().trim().max(max, { error: "textTooLong" }).default("");
