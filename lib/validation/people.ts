import { z } from "zod";
import { id, password, personName, phone } from "./common";

export const signInInput = z.object({ phone, password: z.string({ error: "passwordRequired" }).min(1, { error: "passwordRequired" }) });

export const registerInput = z.object({
  name: personName,
  phone,
  password,
  gridId: id,
  buildingId: id,
  unitId: id,
  /** Whether the person says they own the unit (业主) or only live in it (住户). */
  relation: z.enum(["resident", "owner"], { error: "relationRequired" }),
});
export type RegisterInput = z.infer<typeof registerInput>;

export const reviewRegistrationInput = z.discriminatedUnion(
  "decision",
  [
    z.object({ personId: id, decision: z.literal("verify") }),
    z.object({
      personId: id,
      decision: z.literal("reject"),
      reason: z.string({ error: "reasonRequired" }).trim().min(2, { error: "reasonRequired" }).max(200, { error: "textTooLong" }),
    }),
  ],
  { error: "decisionRequired" },
);
export type ReviewRegistrationInput = z.infer<typeof reviewRegistrationInput>;

/** Changing one's own password: the current one (checked like a sign-in) and the new one. */
export const changePasswordInput = z
  .object({
    currentPassword: z.string({ error: "currentPasswordRequired" }).min(1, { error: "currentPasswordRequired" }).max(72, { error: "passwordTooLong" }),
    newPassword: password,
  })
  .refine((v) => v.newPassword !== v.currentPassword, { error: "passwordUnchanged", path: ["newPassword"] });
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;
