import type { TestProject } from "vitest/node";
import { startCluster } from "../../scripts/pg-cluster.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** The throwaway cluster's maintenance database: tests create their own databases through it. */
    pgAdminUrl: string;
  }
}

/**
 * The PostgreSQL pass: one throwaway cluster for the whole run (initdb + pg_ctl on a loopback
 * port), stopped by its PID at the end. DATABASE_URL, if set, is used instead (an existing server).
 */
export default async function setup(project: TestProject) {
  if (process.env.GRIDCOUNCIL_TEST_PG_URL) {
    project.provide("pgAdminUrl", process.env.GRIDCOUNCIL_TEST_PG_URL);
    return;
  }
  const cluster = await startCluster();
  project.provide("pgAdminUrl", cluster.url);
  return () => cluster.stop();
}
