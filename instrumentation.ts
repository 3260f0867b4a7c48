/**
 * Background duties of the server process: co-signing windows close on time even when nobody
 * opens a page. Every ten minutes, and once at start. Ballots past their closing time are counted
 * every minute: until then every page and the API show them as 已截止，等待计票, since a read never
 * closes a ballot.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // A bad setting stops the server before it serves anything, with a message naming the variable.
  const { configOrExit } = await import("@/lib/config");
  const settings = configOrExit();
  const { getDb, openConfiguredDatabase } = await import("@/db/client");
  // PostgreSQL (DATABASE_URL) is opened, and its migrations applied, before anything is served.
  try {
    const db = await openConfiguredDatabase(settings.databaseUrl);
    if (settings.databaseUrl) {
      // The meeting room's changes made on any server wake this server's streams at once (LISTEN on
      // one connection of its own, remade after a drop); the 500 ms version check stays as a backstop.
      const { listenForRoomChanges } = await import("@/lib/meetings/room/pg-room-changes");
      listenForRoomChanges((db as unknown as { $client: import("pg").Pool }).$client);
    }
  } catch (e) {
    console.error(`[gridcouncil] could not open the database at DATABASE_URL: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
  // npm start refuses a demo database in production (scripts/setup-db.ts), but `node
  // scripts/server.mjs` run by hand or by a service unit skips that script: the server checks too,
  // before it serves a single page with accounts anyone can sign into.
  if (settings.mode === "production") {
    const { demoDataFound, productionDemoRefusal } = await import("@/lib/setup/demo-data");
    if (await demoDataFound(getDb())) {
      console.error(productionDemoRefusal(settings.databaseFile));
      process.exit(1);
    }
  }
  // A database with no community yet: print the one-time code of the web setup (/setup), as Gitea
  // and Grafana do — whoever can read this log may set up. Each start replaces the code before.
  const { issueSetupCode, setupCodeLogLine } = await import("@/lib/setup/issue-code");
  try {
    const issued = await issueSetupCode(getDb());
    if (issued) console.log(setupCodeLogLine(issued, settings.publicOrigin));
  } catch (e) {
    console.error("[gridcouncil] could not issue the setup code", e);
  }
  // Every job goes through a lease row (lib/jobs/lease.ts): with several app servers on one
  // database, each tick runs the job on one server and the others skip it. A lease outlasts the
  // job's longest expected run; a server that dies mid-run frees it by expiry.
  const { runOnce } = await import("@/lib/jobs/lease");
  const job = async (name: string, leaseMs: number, fn: () => unknown, failure: string) => {
    try {
      await runOnce(getDb(), name, { leaseMs }, fn);
    } catch (e) {
      console.error(`[gridcouncil] ${failure}`, e);
    }
  };
  const { runCosignDeadlines } = await import("@/lib/topics/run-cosign-deadlines");
  const { runReviewReminders } = await import("@/lib/ratings/run-review-reminders");
  const { flagOverdueTasks } = await import("@/lib/tasks/flag-overdue");
  const { closeDueBallots } = await import("@/lib/ballots/close-due-ballots");
  const countBallots = () => job("ballots.close-due", 5 * 60_000, () => closeDueBallots(getDb()), "ballot close job failed");
  await countBallots();
  setInterval(() => void countBallots(), 60_000).unref();
  // Reminders that leave the app: due reminders into the outbox, then the outbox sent — outside any
  // use case's transaction, one run at a time across the deployment (the lease; a tick that comes
  // while this process still sends is skipped too). The sender awaits the SMS provider: its lease is
  // renewed while it awaits, so a slow provider never lets a second server start the same run (the
  // sender's atomic claim keeps rows apart anyway). Every minute, so a retry's backoff and a
  // morning's held SMS keep time.
  const { runReminders } = await import("@/lib/notify/run-reminders");
  const { sendDueMessages } = await import("@/lib/notify/send-due");
  const remindAndSend = () =>
    job(
      "notify.remind-and-send",
      2 * 60_000,
      async () => {
        await runReminders(getDb());
        await sendDueMessages(getDb());
      },
      "reminder and outbox job failed",
    );
  void remindAndSend();
  setInterval(() => void remindAndSend(), 60_000).unref();
  const tick = async () => {
    await job("topics.cosign-deadlines", 5 * 60_000, () => runCosignDeadlines(getDb()), "co-sign deadline job failed");
    await job("ratings.review-reminders", 5 * 60_000, () => runReviewReminders(getDb()), "review reminder job failed");
    await job("tasks.flag-overdue", 5 * 60_000, () => flagOverdueTasks(getDb()), "overdue task job failed");
  };
  await tick();
  setInterval(() => void tick(), 10 * 60_000).unref();
}
