import { z } from "zod";
import { accountOperations } from "./operations/accounts";
import { adminOperations } from "./operations/admin";
import { exportsOperations } from "./operations/exports";
import { ballotsOperations } from "./operations/ballots";
import { meetingsOperations } from "./operations/meetings";
import { noticesOperations } from "./operations/notices";
import { notificationsOperations } from "./operations/notifications";
import { opinionsOperations } from "./operations/opinions";
import { plansOperations } from "./operations/plans";
import { ratingsOperations } from "./operations/ratings";
import { tasksOperations } from "./operations/tasks";
import { topicsOperations } from "./operations/topics";
import type { Operation } from "./operation";

/** Every /api/v1 operation, described from the same zod schemas the use cases parse with. */
const operations: Operation[] = [
  ...accountOperations,
  ...adminOperations,
  ...topicsOperations,
  ...opinionsOperations,
  ...plansOperations,
  ...meetingsOperations,
  ...ballotsOperations,
  ...notificationsOperations,
  ...noticesOperations,
  ...ratingsOperations,
  ...tasksOperations,
  ...exportsOperations,
];

const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string" },
        message: { type: "string", description: "In the caller's language (Accept-Language or NEXT_LOCALE cookie)" },
        fields: { type: "object", additionalProperties: { type: "string" } },
      },
      required: ["code", "message"],
    },
  },
};

const jsonSchema = (s: z.ZodType, io: "input" | "output") => z.toJSONSchema(s, { io, unrepresentable: "any" });

export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters = [...(op.path.match(/\{(\w+)\}/g) ?? [])].map((p) => ({
      name: p.slice(1, -1),
      in: "path",
      required: true,
      schema: { type: "integer" },
    }));
    if (op.query) {
      const q = jsonSchema(op.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema } as never);
      }
    }
    paths[op.path] ??= {};
    paths[op.path]![op.method] = {
      summary: op.summary,
      tags: op.tags,
      ...(op.auth ? { security: [{ bearer: [] }, { session: [] }] } : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { [op.contentType ?? "application/json"]: { schema: jsonSchema(op.body, "input") } },
            },
          }
        : {}),
      responses: {
        [String(op.status ?? 200)]: {
          description: "OK",
          ...(op.response ? { content: { "application/json": { schema: jsonSchema(op.response, "output") } } } : {}),
        },
        "4XX": { description: "Refused: invalid input (400/422), not signed in (401), forbidden (403), not found (404), conflict (409), too many attempts or too busy: wait and retry (429)", content: { "application/json": { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "GridCouncil API",
      version: "1",
      description: "网格议事厅 API. Sign in at POST /api/v1/auth/token and send `Authorization: Bearer <token>`.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    paths,
  };
}
