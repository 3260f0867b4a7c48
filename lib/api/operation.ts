import type { z } from "zod";

/** One documented /api/v1 operation. `body`/`query` are the use case's own zod schemas. */
export type Operation = {
  method: "get" | "post" | "patch" | "put" | "delete";
  path: string;
  summary: string;
  tags: string[];
  auth: boolean;
  body?: z.ZodType;
  contentType?: string;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
};
