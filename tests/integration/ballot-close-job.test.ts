import { eq } from "drizzle-orm";
import { afterEach, expect, test, vi } from "vitest";
import type { DB } from "@/db/client";
import { ballots } from "@/db/schema";
import { castVote } from "@/lib/ballots/cast-vote";
import { openBallot } from "@/lib/ballots/open-ballot";
import { ctxAs, fileDb } from "../helpers/db";
import { DAY, HOUR, T0, at, ballotWorld } from "./ballot-helpers";
import { first } from "@/db/query";

let db: DB;
fileDb((d) => (db = d));
// The server's background duties run against this suite's database.
vi.mock("@/db/client", async (real) => ({ ...(await real<typeof import("@/db/client")>()), getDb: () => db }));

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

test("the server counts a ballot within a minute of its closing time, with nobody reading it", async () => {
  const w = await ballotWorld(db);
  const opened = await openBallot(await ctxAs(w.chief), { topicId: w.topic.id, kind: "single", planIds: [w.plan.id], electorateKind: "gridResidents", closesAt: at(DAY) }, T0);
  await castVote(await ctxAs(w.proposer), { ballotId: opened.ballotId, choice: "agree" }, at(HOUR));
  const status = async () => (await first(db.select({ status: ballots.status, closedAt: ballots.closedAt }).from(ballots).where(eq(ballots.id, opened.ballotId))))!;

  vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
  vi.setSystemTime(at(DAY - 30_000));
  vi.stubEnv("NEXT_RUNTIME", "nodejs");
  const { register } = await import("@/instrumentation");
  await register();
  // At start, half a minute before its time: still open.
  expect((await status()).status).toBe("open");

  // Its closing time passes; within the next minute the job has counted it, as of that time.
  await vi.advanceTimersByTimeAsync(60_000);
  expect(await status()).toEqual({ status: "closed", closedAt: at(DAY) });
});
