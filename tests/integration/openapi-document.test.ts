import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileErrors, validate } from "@readme/openapi-parser";
import { NextRequest } from "next/server";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { meResponse } from "@/lib/api/operations/accounts";
import { issueApiToken } from "@/lib/auth/tokens";
import { fileDb } from "../helpers/db";
import { makeCommunity, makePerson } from "../helpers/factory";

vi.hoisted(() => {
  // The route handlers read the session secret from the environment.
  process.env.NEXTAUTH_SECRET = "openapi-document-test-secret";
});

let db: DB;
fileDb((d) => (db = d));

/** The document exactly as GET /api/v1/openapi.json serves it. */
async function served(): Promise<Record<string, unknown>> {
  const { GET } = await import("@/app/api/v1/openapi.json/route");
  return (await GET().json()) as Record<string, unknown>;
}

describe("the OpenAPI document", () => {
  let doc: Record<string, unknown>;
  beforeAll(async () => {
    doc = await served();
  });

  test("passes a standard OpenAPI 3.1 validator, every $ref included", async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    expect(result.valid).toBe(true);

    // Every ref names a schema the document holds: none into an embedded "$defs" that the
    // document around it does not have (what the rich-text bodies used to carry).
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]*)"/g)].map((m) => m[1]!);
    const components = (doc.components as { schemas: Record<string, unknown> }).schemas;
    expect(refs.filter((r) => !r.startsWith("#/components/schemas/") || !(r.slice("#/components/schemas/".length) in components))).toEqual([]);
    expect(JSON.stringify(doc)).not.toContain('"$defs"');

    // The validator does catch the old fault, so its passing above means something.
    const broken = structuredClone(doc) as { components: { schemas: Record<string, { properties: { content: { items: { $ref: string } } } }> } };
    broken.components.schemas.RichTextDocument!.properties.content.items.$ref = "#/$defs/__schema0";
    expect((await validate(broken as never)).valid).toBe(false);
  });

  test("names the recursive rich-text schemas once, and every rich-text body refers to them", () => {
    const components = (doc.components as { schemas: Record<string, { properties?: Record<string, unknown> }> }).schemas;
    expect(Object.keys(components)).toEqual(expect.arrayContaining(["RichTextDocument", "RichTextNode", "Error"]));
    expect(components.RichTextNode!.properties!.content).toMatchObject({ items: { $ref: "#/components/schemas/RichTextNode" } });
    const paths = doc.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>>;
    const body = (p: string, m: string) => paths[p]![m]!.requestBody!.content["application/json"]!.schema.properties;
    expect(body("/api/v1/topics", "post").description).toEqual({ $ref: "#/components/schemas/RichTextDocument" });
    expect(body("/api/v1/topics/{id}/plans", "post").body).toMatchObject({ $ref: "#/components/schemas/RichTextDocument", description: expect.any(String) });
    expect(body("/api/v1/meetings/{id}/minutes", "put").body).toMatchObject({ $ref: "#/components/schemas/RichTextDocument" });
  });

  test("tells a client how to authenticate", () => {
    const info = doc.info as { description: string };
    expect(info.description).toContain("POST /api/v1/auth/token");
    expect(info.description).toContain("Authorization: Bearer <token>");
    expect(info.description).toContain("DELETE /api/v1/auth/token");
  });

  describe("a client generated from it with openapi-typescript", () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "gridcouncil-openapi-client-"));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: [],
      // The client sits in a temporary folder; openapi-fetch comes from this project's node_modules.
      paths: { "openapi-fetch": [path.resolve("node_modules/openapi-fetch/dist/index.d.mts")] },
    };
    /**
     * The TypeScript errors of each source file, compiled strictly together (one program: checking
     * against the generated types takes seconds) against the generated `./api` types and openapi-fetch.
     */
    function typeErrors(sources: Record<string, string>): Record<string, string[]> {
      const errors: Record<string, string[]> = {};
      for (const [name, source] of Object.entries(sources)) {
        fs.writeFileSync(path.join(dir, name), source);
        errors[name] = [];
      }
      const program = ts.createProgram(Object.keys(sources).map((name) => path.join(dir, name)), options);
      for (const d of ts.getPreEmitDiagnostics(program)) {
        const name = d.file ? path.basename(d.file.fileName) : "";
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
        (errors[name] ??= []).push(`${line}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
      }
      return errors;
    }

    test("type-checks real calls: sign in, who am I, propose a topic with a rich-text description, cast a vote", { timeout: 120_000 }, async () => {
      fs.writeFileSync(path.join(dir, "api.d.ts"), astToString(await openapiTS(structuredClone(doc) as never)));
      const client = `
import createClient from "openapi-fetch";
import type { components, paths } from "./api";

type Document = components["schemas"]["RichTextDocument"];

export async function session(baseUrl: string, phone: string, password: string) {
  const signIn = await createClient<paths>({ baseUrl }).POST("/api/v1/auth/token", { body: { phone, password } });
  if (!signIn.data) throw new Error(signIn.error?.error.message);
  const token: string = signIn.data.token;
  const api = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${token}\` } });

  const me = await api.GET("/api/v1/me");
  const grids: (number | null)[] = (me.data?.roles ?? []).map((r) => r.gridId);
  type Role = NonNullable<typeof me.data>["roles"][number]["role"];
  const role: Role | undefined = me.data?.roles[0]?.role;

  const description: Document = {
    type: "doc",
    content: [{ type: "paragraph", content: [{ type: "text", text: "3号楼楼道堆放电动车", marks: [{ type: "link", attrs: { href: "https://example.org" } }] }] }],
  };
  const topic = await api.POST("/api/v1/topics", { body: { gridId: grids[0] ?? 1, agendaItemId: 2, title: "楼道电动车", description } });
  const topicId: number | undefined = topic.data?.topicId;
  const state: "proposed" | "awaitingAdmission" | undefined = topic.data?.state;

  const vote = await api.POST("/api/v1/ballots/{id}/votes", { params: { path: { id: 7 } }, body: { choice: "agree" } });
  const changed: boolean | undefined = vote.data?.changed;
  const refusal: string | undefined = vote.error?.error.code;

  // The types refuse what the server refuses:
  // @ts-expect-error a vote is agree, disagree or abstain
  await api.POST("/api/v1/ballots/{id}/votes", { params: { path: { id: 7 } }, body: { choice: "maybe" } });
  // @ts-expect-error the ballot is named in the path
  await api.POST("/api/v1/ballots/{id}/votes", { body: { choice: "agree" } });
  // @ts-expect-error a topic needs a title
  await api.POST("/api/v1/topics", { body: { gridId: 1, agendaItemId: 2, description } });
  // @ts-expect-error only the editor's node types
  const script: Document = { type: "doc", content: [{ type: "script" }] };
  // @ts-expect-error roles are the council's own
  const mayor: Role = "mayor";
  // @ts-expect-error no such operation
  await api.GET("/api/v1/nowhere");

  return { me: me.data, role, mayor, topicId, state, changed, refusal, script };
}
`;
      // Beside it, the same client with a number for the title: the checks are real, not `any`.
      const errors = typeErrors({ "client.ts": client, "wrong.ts": client.replace('title: "楼道电动车"', "title: 42") });
      expect(errors).toEqual({ "client.ts": [], "wrong.ts": [expect.stringMatching(/number.*string/)] });
    });
  });
});

test("GET /api/v1/me answers exactly what the document says it does", async () => {
  const { GET } = await import("@/app/api/v1/me/route");
  const place = await makeCommunity(db);
  const resident = await makePerson(db, place, "resident");
  const req = new NextRequest("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${(await issueApiToken(db, resident.id)).token}` } });
  const res = await GET(req, { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  // strict: a field the route returns but the document leaves out fails here too.
  const body = (await res.json()) as { roles: object[] };
  const me = meResponse.strict().parse(body);
  for (const role of body.roles) expect(Object.keys(role).sort()).toEqual(Object.keys(meResponse.shape.roles.element.shape).sort());
  expect(me).toMatchObject({ id: resident.id, status: "verified", roles: [{ role: "resident", gridId: place.gridA.id, unitId: place.unitsA[0]!.id }] });
});
