import { z } from "zod";
import { password, personName, phone } from "./common";

/** A place name on the letterhead: district, street or community. */
const placeName = (required: string) => z.string({ error: required }).trim().min(1, { error: required }).max(40, { error: "textTooLong" });

/**
 * The first setup of a deployment (lib/setup/initialize.ts): where the council sits — district,
 * street office (街道) and community, whose names head every notice — and its first administrator.
 */
export const initializeInput = z.object({
  district: placeName("setupDistrictRequired"),
  street: placeName("setupStreetRequired"),
  communityName: placeName("setupCommunityRequired"),
  /** The first part of every display number (lib/people/display-number.ts), e.g. "HX". */
  communityCode: z
    .string({ error: "setupCommunityCodeFormat" })
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{1,6}$/, { error: "setupCommunityCodeFormat" })),
  adminName: personName,
  adminPhone: phone,
  adminPassword: password,
});
export type InitializeInput = z.infer<typeof initializeInput>;

/**
 * The web setup (app/setup): the same answers, the one-time code from the server's log, and the
 * password typed twice (in a terminal `npm run setup` asks once, without echo).
 */
export const webSetupInput = z
  .object({
    // First, as on the page: a form with several mistakes is answered with the first one shown.
    setupCode: z.string({ error: "setupCodeRequired" }).trim().min(1, { error: "setupCodeRequired" }).max(40, { error: "setupCodeWrong" }),
    ...initializeInput.shape,
    adminPasswordConfirm: z.string({ error: "setupPasswordConfirmRequired" }),
  })
  .refine((v) => v.adminPassword === v.adminPasswordConfirm, { path: ["adminPasswordConfirm"], error: "setupPasswordMismatch" });
export type WebSetupInput = z.infer<typeof webSetupInput>;
