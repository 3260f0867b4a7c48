import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { richTextInput, richTextNode } from "@/lib/richtext/document";
import { accountOperations } from "./operations/accounts";
import { activationOperations } from "./operations/activation";
import { adminOperations } from "./operations/admin";
import { exportsOperations } from "./operations/exports";
import { estateImportOperations } from "./operations/imports";
import { ballotsOperations } from "./operations/ballots";
import { meetingsOperations } from "./operations/meetings";
import { noticesOperations } from "./operations/notices";
import { notificationsOperations } from "./operations/notifications";
import { opinionsOperations } from "./operations/opinions";
import { peopleImportsOperations } from "./operations/people-imports";
import { recordsOperations } from "./operations/records";
import { remindersOperations } from "./operations/reminders";
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
  ...estateImportOperations,
  ...activationOperations,
  ...peopleImportsOperations,
  ...recordsOperations,
  ...remindersOperations,
];

type JsonSchema = Record<string, unknown>;
type Io = "input" | "output";

/**
 * Schemas a client sees by name under components/schemas. A recursive schema must be one of them:
 * a $ref inside a body can only point into this document, and zod left to itself writes a local
 * "#/$defs/__schema0" that resolves nowhere once the schema is embedded in a path.
 */
const namedSchemas: Record<string, z.ZodType> = { RichTextDocument: richTextInput, RichTextNode: richTextNode };

const COMPONENTS = "#/components/schemas/";
const componentRef = (name: string) => COMPONENTS + name;
/** How the registry form points at one of our own bodies or responses; inlined before anyone sees it. */
const ROOT = "root:";

/**
 * Every schema one side of the wire uses, converted in a single registry pass (a pass per schema
 * took seconds for the whole document: each one re-walks the rich-text schema). Named schemas come
 * out as refs into components. A body that also appears inside another body comes out as a ref to
 * it, which is inlined here so each operation stays readable on its own.
 */
function convert(io: Io, roots: z.ZodType[], name: (id: string) => string) {
  const registry = z.registry<{ id: string }>();
  const named = new Map(Object.entries(namedSchemas).map(([id, s]) => [s, id]));
  for (const [s, id] of named) registry.add(s, { id });
  const rootIds = new Map<z.ZodType, string>();
  for (const s of roots) {
    if (named.has(s) || rootIds.has(s)) continue;
    rootIds.set(s, `${ROOT}${rootIds.size}`);
    registry.add(s, { id: rootIds.get(s)! });
  }
  const { schemas } = z.toJSONSchema(registry, { io, unrepresentable: "any", cycles: "ref", uri: (id) => (id.startsWith(ROOT) ? id : componentRef(name(id))) });
  const plain: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // The registry form stamps each schema with $schema and a fragment-only $id, neither of which
    // belongs on a schema that lives inside an OpenAPI document.
    const { $schema: _s, $id: _i, ...rest } = JSON.parse(JSON.stringify(schema)) as JsonSchema;
    plain[id] = rest;
  }
  /** A copy with each ref to a root replaced by that root; the ref's own keywords (a description) win. */
  const inline = (value: unknown, within: string[]): unknown => {
    if (Array.isArray(value)) return value.map((v) => inline(v, within));
    if (!value || typeof value !== "object") return value;
    const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, within)])) as JsonSchema;
    const ref = out.$ref;
    if (typeof ref !== "string" || !ref.startsWith(ROOT)) return out;
    if (within.includes(ref)) throw new Error("OpenAPI: a recursive body or response must be named in namedSchemas");
    delete out.$ref;
    return { ...(inline(plain[ref], [...within, ref]) as JsonSchema), ...out };
  };
  return {
    named: Object.fromEntries([...named.values()].map((id) => [id, inline(plain[id], []) as JsonSchema])),
    of: (s: z.ZodType): JsonSchema => {
      if (named.has(s)) return { $ref: componentRef(name(named.get(s)!)) };
      const id = rootIds.get(s);
      if (!id) throw new Error("OpenAPI: schema was not converted with its side of the wire");
      return inline(plain[id], [id]) as JsonSchema;
    },
  };
}

/**
 * Requests and responses converted. A named schema usually reads the same both ways; one that does
 * not (zod closes objects on output, a default, a transform) gets its own "…Output" component, and
 * so does every named schema that refers to it, until the two sides agree.
 */
function convertBoth(inputs: z.ZodType[], outputs: z.ZodType[]) {
  const input = convert("input", inputs, (id) => id);
  const outputNames = new Set<string>();
  const outputName = (id: string) => (outputNames.has(id) ? `${id}Output` : id);
  for (;;) {
    const output = convert("output", outputs, outputName);
    const differing = Object.keys(namedSchemas).filter((id) => !outputNames.has(id) && !isDeepStrictEqual(output.named[id], input.named[id]));
    if (differing.length) {
      differing.forEach((id) => outputNames.add(id));
      continue;
    }
    const schemas: Record<string, JsonSchema> = {};
    for (const id of Object.keys(namedSchemas)) {
      schemas[id] = input.named[id]!;
      if (outputNames.has(id)) schemas[`${id}Output`] = output.named[id]!;
    }
    return { schemas, input: input.of, output: output.of };
  }
}

/** Calls `visit` on every object in a JSON value that carries a $ref. */
function eachRef(value: unknown, visit: (holder: JsonSchema & { $ref: string }) => void): void {
  if (Array.isArray(value)) value.forEach((v) => eachRef(v, visit));
  else if (value && typeof value === "object") {
    if (typeof (value as JsonSchema).$ref === "string") visit(value as JsonSchema & { $ref: string });
    Object.values(value).forEach((v) => eachRef(v, visit));
  }
}

/** The components a JSON value refers to, directly or through other components. */
function reachable(value: unknown, schemas: Record<string, JsonSchema>): Set<string> {
  const seen = new Set<string>();
  const walk = (v: unknown) =>
    eachRef(v, ({ $ref }) => {
      const name = $ref.slice(COMPONENTS.length);
      if (seen.has(name)) return;
      seen.add(name);
      walk(schemas[name]);
    });
  walk(value);
  return seen;
}

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
  required: ["error"],
};

const description = `网格议事厅 API.

## Authentication
1. \`POST /api/v1/auth/token\` with \`{"phone": "<mobile number>", "password": "<password>"}\` answers 201 with a \`token\` (shown only this once), when it expires (\`expiresAt\`) and the person.
2. Send \`Authorization: Bearer <token>\` with every call marked as needing it. A missing, expired or revoked token is answered 401 (\`code: "unauthenticated"\`): sign in again.
3. \`DELETE /api/v1/auth/token\` with the same header revokes the token; changing the password (\`POST /api/v1/me/password\`) revokes all the caller's other tokens.

Repeated wrong passwords are throttled: 429 means wait and retry. A browser signed in to the site may use its session cookie instead of a token, but only the site's own pages may write with it.

Refusals are \`{"error": {"code", "message", "fields"}}\`, with the message in the caller's language (\`Accept-Language\`).`;

export function openApiDocument() {
  const converted = convertBoth(
    operations.flatMap((op) => [op.query, op.body].filter((s) => s !== undefined)),
    operations.flatMap((op) => (op.response ? [op.response] : [])),
  );
  const schemas: Record<string, JsonSchema> = { ...converted.schemas, Error: errorSchema };
  /** Checks that every ref lands in components, and drops what a ref's holder merely repeats. */
  const settle = <T>(value: T, where: string): T => {
    eachRef(value, (holder) => {
      const target = holder.$ref.startsWith(COMPONENTS) ? schemas[holder.$ref.slice(COMPONENTS.length)] : undefined;
      // A recursive schema missing from namedSchemas ends up here: give it a name there.
      if (!target) throw new Error(`OpenAPI: ${where} refers to ${holder.$ref}, which is not in components/schemas`);
      // A refinement with its own description repeats the whole referenced schema beside the $ref.
      for (const key of Object.keys(holder)) if (key !== "$ref" && isDeepStrictEqual(holder[key], target[key])) delete holder[key];
    });
    return value;
  };
  settle(schemas, "components/schemas");
  /** A body, query or response schema, inline, with named schemas as refs into components. */
  const jsonSchema = (s: z.ZodType, io: Io, where: string): JsonSchema => settle(converted[io](s), where);

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const where = `${op.method.toUpperCase()} ${op.path}`;
    const parameters = [...(op.path.match(/\{(\w+)\}/g) ?? [])].map((p) => ({
      name: p.slice(1, -1),
      in: "path",
      required: true,
      schema: { type: "integer" },
    }));
    if (op.query) {
      const q = jsonSchema(op.query, "input", `${where} query`) as { properties?: Record<string, unknown>; required?: string[] };
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
              content: { [op.contentType ?? "application/json"]: { schema: jsonSchema(op.body, "input", `${where} body`) } },
            },
          }
        : {}),
      responses: {
        [String(op.status ?? 200)]: {
          description: "OK",
          ...(op.response ? { content: { "application/json": { schema: jsonSchema(op.response, "output", `${where} response`) } } } : {}),
        },
        "4XX": { description: "Refused: invalid input (400/422), not signed in (401), forbidden (403), not found (404), conflict (409), too many attempts or too busy: wait and retry (429)", content: { "application/json": { schema: { $ref: componentRef("Error") } } } },
      },
    };
  }
  const used = reachable(paths, schemas);
  return {
    openapi: "3.1.0",
    info: {
      title: "GridCouncil API",
      version: "1",
      description,
    },
    servers: [{ url: "/" }],
    components: {
      // Only what the paths use: a named schema whose output form no response returns stays out.
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    paths,
  };
}
