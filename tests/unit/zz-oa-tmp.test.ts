import { test, expect } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
test("doc", () => {
  const d = openApiDocument();
  const paths = Object.keys(d.paths).filter((p) => p.includes("opinion") || p.includes("notif") || p.includes("invitation"));
  console.log(JSON.stringify(paths.map((p) => [p, d.paths[p]]), null, 1).slice(0, 6000));
  expect(paths.length).toBeGreaterThan(3);
});
