import { z } from "zod";
import { conflictListQuery, decideConflictInput, peopleImportInput } from "@/lib/validation/people-import";
import type { Operation } from "../operation";

const tags = ["imports"];

/** People files: the owners' register, the residents' list, the staff sheet, and the conflicts they list. */
export const peopleImportsOperations: Operation[] = [
  {
    method: "post",
    path: "/api/v1/imports/people/{kind}",
    summary:
      "Community admin: import a people file — kind owners-register (业主名册), residents (住户名单) or staff (工作人员). multipart/form-data: file (XLSX, or CSV in UTF-8 or GBK), source, mapping (JSON: column → header index, for columns not found by name), dryRun (default true). Answers NDJSON: {phase, done, total} lines, then {result} — status needsMapping (header, first rows, missing columns), checked, refused (rows with reasons, nothing written), unchanged or committed — or {error, status}. People are matched by mobile number; new ones are verified by the import and have no password until they activate; conflicts with the database are listed, not applied",
    tags,
    auth: true,
    contentType: "multipart/form-data",
    body: peopleImportInput.extend({ file: z.string().meta({ format: "binary", description: "The register, list or sheet" }) }),
  },
  {
    method: "get",
    path: "/api/v1/imports/people/{kind}/template",
    summary: "Community admin: the Chinese template of a people file, ?format=xlsx (default) or csv (UTF-8 with BOM)",
    tags,
    auth: true,
    query: z.object({ format: z.enum(["xlsx", "csv"]).optional() }),
  },
  {
    method: "get",
    path: "/api/v1/imports/people/conflicts",
    summary: "Community admin: conflicts people imports listed (a unit claimed away from its owners, a number held by a person of another name), open ones by default",
    tags,
    auth: true,
    query: conflictListQuery,
  },
  {
    method: "post",
    path: "/api/v1/imports/people/conflicts/{id}",
    summary: "Community admin: decide a conflict — adoptRegister applies what the file said (owners it leaves out lose that unit), keepCurrent changes nothing; 409 once decided",
    tags,
    auth: true,
    body: decideConflictInput.omit({ conflictId: true }),
    response: z.object({ conflictId: z.number(), resolution: z.enum(["adoptRegister", "keepCurrent"]), personIds: z.array(z.number()) }),
  },
];
