import path from "node:path";
import { describe, expect, test } from "vitest";
import { parseConfig } from "@/lib/config";
import { uploadsDirFor } from "@/lib/uploads/names";

describe("where uploads live", () => {
  test("beside the database file by default, so GRIDCOUNCIL_DB moves both", () => {
    expect(uploadsDirFor("/srv/gc/data/council.db", undefined)).toBe("/srv/gc/data/uploads");
    expect(uploadsDirFor("/srv/gc/data/council.db", "  ")).toBe("/srv/gc/data/uploads");
  });

  test("GRIDCOUNCIL_UPLOADS names one folder every app server mounts, whatever the database", () => {
    expect(uploadsDirFor("/srv/gc/data/council.db", "/mnt/shared/gridcouncil-uploads")).toBe("/mnt/shared/gridcouncil-uploads");
    expect(uploadsDirFor("/srv/gc/data/council.db", "shared/uploads")).toBe(path.resolve("shared/uploads"));
  });

  test("the setting is checked with the others", () => {
    expect(() => parseConfig({ GRIDCOUNCIL_UPLOADS: "/mnt/shared/uploads" })).not.toThrow();
    expect(() => parseConfig({ GRIDCOUNCIL_UPLOADS: "/mnt/\0bad" })).toThrow(/GRIDCOUNCIL_UPLOADS/);
  });
});
