import { z } from "zod";
import type { Operation } from "../operation";

/** Staff downloads: spreadsheets of topics, ballots and ratings. The answer is a file, not JSON. */
export const exportsOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/exports/{file}",
    summary:
      "Grid staff (their grid) and community admins: download topics, ballots or ratings as {topics|ballots|ratings}.{csv|xlsx}. CSV is UTF-8 with a BOM so Excel reads the Chinese; open ballots never export results. Without gridId, the whole community (admins only). Errors answer JSON like every route",
    tags: ["exports"],
    auth: true,
    query: z.object({ gridId: z.coerce.number().int().positive().optional().meta({ description: "One grid; leave out for the whole community" }) }),
  },
];
