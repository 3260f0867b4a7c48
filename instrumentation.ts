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
  const { getDb } = await import("@/db/client");
  // npm start refuses a demo database in production (scripts/setup-db.ts), but `node
  // scripts/server.mjs` run by hand or by a service unit skips that script: the server checks too,
  // before it serves a single page with accounts anyone can sign into.
  if (settings.mode === "production") {
    const { demoDataFound, productionDemoRefusal } = await import("@/lib/setup/demo-data");
    if (demoDataFound(getDb())) {
      console.error(productionDemoRefusal(settings.databaseFile));
      process.exit(1);
    }
  }
  // A database with no community yet: print the one-time code of the web setup (/setup), as Gitea
  // and Grafana do — whoever can read this log may set up. Each start replaces the code before.
  const { issueSetupCode, setupCodeLogLine } = await import("@/lib/setup/issue-code");
  try {
    const issued = issueSetupCode(getDb());
    if (issued) console.log(setupCodeLogLine(issued, settings.publicOrigin));
  } catch (e) {
    console.error("[gridcouncil] could not issue the setup code", e);
  }
  const { runCosignDeadlines } = await import("@/lib/topics/run-cosign-deadlines");
  const { runReviewReminders } = await import("@/lib/ratings/run-review-reminders");
  const { flagOverdueTasks } = await import("@/lib/tasks/flag-overdue");
  const { closeDueBallots } = await import("@/lib/ballots/close-due-ballots");
  const countBallots = () => {
    try {
      closeDueBallots(getDb());
    } catch (e) {
      console.error("[gridcouncil] ballot close job failed", e);
    }
  };
  countBallots();
  setInterval(countBallots, 60_000).unref();
  // Reminders that leave the app: due reminders into the outbox, then the outbox sent — outside any
  // use case's transaction, one run at a time in this process (other processes are kept apart by
  // the sender's atomic claim). Every minute, so a retry's backoff and a morning's held SMS keep time.
  const { runReminders } = await import("@/lib/notify/run-reminders");
  const { sendDueMessages } = await import("@/lib/notify/send-due");
  let sending = false;
  const remindAndSend = async () => {
    if (sending) return;
    sending = true;
    try {
      runReminders(getDb());
      await sendDueMessages(getDb());
    } catch (e) {
      console.error("[gridcouncil] reminder and outbox job failed", e);
    } finally {
      sending = false;
    }
  };
  void remindAndSend();
  setInterval(() => void remindAndSend(), 60_000).unref();
  const tick = () => {
    try {
      runCosignDeadlines(getDb());
    } catch (e) {
      console.error("[gridcouncil] co-sign deadline job failed", e);
    }
    try {
      runReviewReminders(getDb());
    } catch (e) {
      console.error("[gridcouncil] review reminder job failed", e);
    }
    try {
      flagOverdueTasks(getDb());
    } catch (e) {
      console.error("[gridcouncil] overdue task job failed", e);
    }
  };
  tick();
  setInterval(tick, 10 * 60_000).unref();
}
