import { z } from "zod";
import { boolish, optionalId } from "./admin";

/**
 * A people import's form: which community, where the file came from, the columns staff mapped by
 * hand (column → header index, JSON), and whether to commit or only check. The file itself is
 * read by lib/imports/sheet before the use case runs.
 */
const mapping = z.preprocess(
  (v) => {
    if (v == null || v === "") return {};
    if (typeof v === "string") {
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    }
    return v;
  },
  z.record(z.string().max(40), z.coerce.number().int().min(0).max(500), { error: "importMappingInvalid" }),
);

export const peopleImportInput = z.object({
  communityId: optionalId,
  source: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string({ error: "importSourceRequired" }).min(1, { error: "importSourceRequired" }).max(100, { error: "importSourceTooLong" })),
  mapping: mapping.optional().default({}),
  // Left out or blank: only check. Committing is always asked for explicitly.
  dryRun: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), boolish("importDryRunInvalid").optional().default(true)),
});
export type PeopleImportInput = z.infer<typeof peopleImportInput>;

export const decideConflictInput = z.object({
  conflictId: z.coerce.number().int().positive(),
  resolution: z.enum(["adoptRegister", "keepCurrent"], { error: "importResolutionInvalid" }),
});

export const conflictListQuery = z.object({
  communityId: optionalId,
  status: z.enum(["open", "resolved"]).optional().default("open"),
});
