import { z } from "zod";
import { DEFAULT_ACTIVATION_DAYS, MAX_ACTIVATION_DAYS, normaliseActivationCode } from "@/lib/domain/activation-code";
import { optionalId, password, phone } from "./common";

/**
 * Which households get activation letters: one building, one grid, or (community admins) the whole
 * community; or (community admins) the community's staff, a letter each; and how many days the
 * codes stay valid.
 */
export const issueLettersInput = z.object({
  audience: z
    .enum(["households", "staff"], { error: "activationAudience" })
    .default("households")
    .meta({ description: "households (default): a letter per unit for its owners and residents; staff: a letter per staff member (grid chiefs, grid workers, supervisors, property-firm, owners' committee and think-tank members) without a unit role — community admins only, for the whole community" }),
  communityId: optionalId.meta({ description: "The community; leave out when you administer only one" }),
  gridId: optionalId.meta({ description: "One grid" }),
  buildingId: optionalId.meta({ description: "One building (its grid is implied)" }),
  expiresInDays: z
    .preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number({ error: "activationDaysRange" }).int({ error: "activationDaysRange" }).min(1, { error: "activationDaysRange" }).max(MAX_ACTIVATION_DAYS, { error: "activationDaysRange" }).default(DEFAULT_ACTIVATION_DAYS))
    .meta({ description: `Days the codes stay valid, 1–${MAX_ACTIVATION_DAYS} (default ${DEFAULT_ACTIVATION_DAYS})` }),
});
export type IssueLettersInput = z.infer<typeof issueLettersInput>;

/** A typed activation code: read as meant (lib/domain/activation-code.ts), or refused as malformed. */
export const activationCode = z
  .string({ error: "activationCodeRequired" })
  .trim()
  .min(1, { error: "activationCodeRequired" })
  .transform((v, ctx) => {
    const code = normaliseActivationCode(v);
    if (!code) {
      ctx.addIssue({ code: "custom", message: "activationCodeFormat" });
      return z.NEVER;
    }
    return code;
  })
  .meta({ description: "The one-time code from the activation letter, e.g. K7MQP-3XH9D (case, spaces and dashes do not matter)" });

export const activateInput = z.object({
  code: activationCode,
  phone,
  password,
});
export type ActivateInput = z.infer<typeof activateInput>;
