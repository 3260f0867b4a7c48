import { createRequire } from "node:module";
import { cruise, type ICruiseResult, type IModule } from "dependency-cruiser";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { topicStateValues } from "@/db/schema";
import { topicStates } from "@/lib/domain/topic-state-machine";

/*
 * The house's layers, lowest first. A module may import its own layer and the ones below, never
 * one above: db/ knows nothing of lib/, a pure rule knows no use case, a use case knows no adapter.
 * dependency-cruiser reads every import (type-only and dynamic ones too) with tsconfig's paths.
 */
const layers: { name: string; holds: RegExp[]; why: string }[] = [
  { name: "db", holds: [/^db\//], why: "schema, client, migrations, the data half of the demo seed" },
  {
    name: "foundations",
    holds: [
      /^lib\/(time|config|errors|describe-error)\.ts$/,
      /^lib\/domain\//,
      // Shared below every use case: input shapes, messages, rich text, header and origin rules,
      // the event log's writer, the worker pool.
      /^lib\/(validation|i18n|richtext|security)\//,
      /^lib\/events\/record\.ts$/,
      /^lib\/workers\/pool\.ts$/,
    ],
    why: "pure rules and shared helpers with no policy",
  },
  { name: "auth", holds: [/^lib\/auth\//, /^lib\/context\.ts$/], why: "who the actor is and what they may do" },
  { name: "use cases", holds: [/^lib\/(?!actions\/|api\/)[^/]+\//], why: "one use case per file, by area" },
  {
    name: "adapters",
    // The worker thread's entry runs the tasks it is handed, like a route runs a use case.
    holds: [/^lib\/(actions|api)\//, /^lib\/workers\/tasks\.mjs$/],
    why: "server actions, route handlers and their helpers",
  },
  { name: "app", holds: [/^app\//, /^(instrumentation|proxy)\.ts$/], why: "pages, routes and the server's start-up" },
];

function layerOf(path: string): number | null {
  const i = layers.findIndex((l) => l.holds.some((re) => re.test(path)));
  return i < 0 ? null : i;
}

const entries = ["app", "lib", "db", "scripts", "instrumentation.ts", "proxy.ts", "next.config.ts"];
let modules: IModule[];

beforeAll(async () => {
  const tsconfig = ts.readConfigFile("tsconfig.json", ts.sys.readFile).config;
  const result = await cruise(
    entries,
    { tsPreCompilationDeps: true, tsConfig: { fileName: "tsconfig.json" }, doNotFollow: { path: "node_modules" }, exclude: { path: "^(node_modules|\\.next|lib/i18n/messages/.*\\.json$)" } },
    { extensions: [".ts", ".tsx", ".mjs", ".js", ".d.mts", ".json"] },
    { tsConfig: tsconfig },
  );
  modules = (result.output as ICruiseResult).modules.filter((m) => !m.source.startsWith("node_modules/"));
}, 180_000);

/** Every import between our own files: from, to, and the line it is written on. */
function localImports() {
  const lineOf = createLineFinder();
  return modules.flatMap((m) =>
    m.dependencies
      .filter((d) => !d.coreModule && !d.couldNotResolve && !d.resolved.startsWith("node_modules/"))
      .map((d) => ({ from: m.source, to: d.resolved, specifier: d.module, at: `${m.source}:${lineOf(m.source, d.module)}` })),
  );
}

function createLineFinder() {
  const require = createRequire(import.meta.url);
  const fs = require("node:fs") as typeof import("node:fs");
  const cache = new Map<string, string[]>();
  return (file: string, specifier: string) => {
    if (!cache.has(file)) cache.set(file, fs.readFileSync(file, "utf8").split("\n"));
    const i = cache.get(file)!.findIndex((line) => line.includes(`"${specifier}"`) || line.includes(`'${specifier}'`));
    return i + 1;
  };
}

describe("layers", () => {
  it("reads our imports: the path alias and relative imports resolve, nothing local is left unresolved", () => {
    const unresolved = modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve && (d.module.startsWith("@/") || d.module.startsWith("."))).map((d) => `${m.source} → ${d.module}`));
    expect(unresolved).toEqual([]);
    const imports = localImports();
    // The check would pass vacuously if the alias were not followed.
    expect(imports.some((i) => i.specifier.startsWith("@/lib/") && i.to.startsWith("lib/"))).toBe(true);
    expect(imports.length).toBeGreaterThan(1000);
  });

  it("every module of lib/ and db/ sits in a layer", () => {
    const placeless = modules.map((m) => m.source).filter((s) => /^(lib|db)\//.test(s) && !/\.(json|d\.mts|d\.ts)$/.test(s) && layerOf(s) === null);
    expect(placeless).toEqual([]);
  });

  it("db/ imports nothing from lib/ (or anything above it)", () => {
    const upward = localImports().filter((i) => i.from.startsWith("db/") && !i.to.startsWith("db/"));
    expect(upward.map((i) => `${i.at} → ${i.to}`)).toEqual([]);
  });

  it("no module imports one from a higher layer", () => {
    const upward = localImports()
      .map((i) => ({ ...i, fromLayer: layerOf(i.from), toLayer: layerOf(i.to) }))
      .filter((i) => i.fromLayer !== null && i.toLayer !== null && i.toLayer > i.fromLayer)
      .map((i) => `${i.at} (${layers[i.fromLayer!]!.name}) → ${i.to} (${layers[i.toLayer!]!.name})`);
    expect(upward).toEqual([]);
  });

  it("the app never imports the scripts: the seed and the start-up scripts are entry points, not modules", () => {
    const intoScripts = localImports().filter((i) => !i.from.startsWith("scripts/") && i.to.startsWith("scripts/"));
    expect(intoScripts.map((i) => `${i.at} → ${i.to}`)).toEqual([]);
  });

  it("no import cycle in lib/", () => {
    const cycles = modules
      .filter((m) => m.source.startsWith("lib/"))
      .flatMap((m) => m.dependencies.filter((d) => d.circular).map((d) => `${m.source} → ${(d.cycle ?? []).map((c) => c.name).join(" → ")}`));
    expect(cycles).toEqual([]);
  });

  it("the pure rules (lib/domain, lib/time) import no database, no framework and nothing above them", () => {
    const pure = /^lib\/(domain\/|time\.ts$)/;
    const impure = modules
      .filter((m) => pure.test(m.source))
      .flatMap((m) => m.dependencies.filter((d) => !d.coreModule && !pure.test(d.resolved)).map((d) => `${m.source} → ${d.resolved || d.module}`));
    expect(impure).toEqual([]);
  });

  it("lib/time and lib/config, at the bottom, import nothing of ours but the trusted-proxy parser", () => {
    const own = localImports().filter((i) => i.from === "lib/time.ts" || i.from === "lib/config.ts");
    expect(own.map((i) => `${i.from} → ${i.to}`)).toEqual(["lib/config.ts → lib/security/trusted-proxies.mjs"]);
  });
});

describe("what the layering costs", () => {
  it("the schema stores exactly the state machine's topic states, in its order (db/ cannot import them)", () => {
    expect([...topicStateValues]).toEqual([...topicStates]);
  });
});
