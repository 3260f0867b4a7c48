/*
 * A second (third …) "app server" for tests/integration/job-leases.test.ts: its own OS process with
 * its own connection to the test's SQLite file. Run with `tsx --conditions=react-server`.
 *
 *   job-lease-server.ts <db file> <job> <now ms> <hold ms>
 *
 * Loads everything, prints "ready", waits for "go" on stdin (so the test starts several processes'
 * ticks at the same instant), then ticks the job once through the lease and prints one JSON line:
 * { holder, run }. The job keeps its lease for <hold ms> after its work, standing in for a run that
 * takes a while, so the other processes' ticks surely fall inside it; "hang" never returns (for a
 * holder that is killed mid-run).
 */
import { openDatabase } from "@/db/client";
import { closeDueBallots } from "@/lib/ballots/close-due-ballots";
import { processHolder, runOnce } from "@/lib/jobs/lease";

const [file, job, nowMs, hold] = process.argv.slice(2);
if (!file || !job || !nowMs || !hold) throw new Error("usage: job-lease-server.ts <db file> <job> <now ms> <hold ms>");
const db = openDatabase(file);
const now = new Date(Number(nowMs));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tick() {
  const run = await runOnce(db, job!, { leaseMs: 60_000, now: () => now }, async () => {
    const result = job === "ballots.close-due" ? await closeDueBallots(db, now) : null;
    if (hold === "hang") await new Promise(() => setInterval(() => {}, 60_000));
    await sleep(Number(hold));
    return result;
  });
  db.$client.close();
  process.stdout.write(`${JSON.stringify({ holder: processHolder, run })}\n`, () => process.exit(0));
}

process.stdout.write(`ready ${processHolder}\n`);
process.stdin.setEncoding("utf8");
process.stdin.on("data", async (chunk: string) => {
  if (chunk.includes("go")) {
    process.stdin.pause();
    await tick().catch((e) => {
      console.error(e);
      process.exit(1);
    });
  }
});
