import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(__dirname),
  // `server-only` throws outside React Server Components; tests run use cases directly.
  "server-only": path.resolve(__dirname, "tests/helpers/empty.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "lib/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // A page waits on the server; on a busy 2-core machine a server action can take over
          // vitest's default 1 s of polling. The assertions stay the same, only the patience grows.
          expect: { poll: { timeout: 10_000 } },
        },
      },
      {
        // The PostgreSQL pass (issue 15): a throwaway cluster for the run; tests make their own databases.
        resolve: { alias },
        test: {
          name: "pg",
          include: ["tests/pg/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/pg/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Several app servers on one PostgreSQL (issue 15): the production build of the e2e step,
        // the pg pass's throwaway cluster. Run by npm test after the e2e pass when PostgreSQL is installed.
        resolve: { alias },
        test: {
          name: "e2e-pg",
          include: ["tests/e2e-pg/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/pg/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run test:reliability`: the heavy fault and load tests (thousands of voters over
        // HTTP, SIGKILL mid-write, backup and restore of a busy database). Not in `npm test`.
        resolve: { alias },
        test: {
          name: "reliability",
          include: ["tests/reliability/**/*.test.ts"],
          environment: "node",
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
