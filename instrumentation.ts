/**
 * Background duties of the server process: co-signing windows close on time even when nobody
 * opens a page. Every ten minutes, and once at start.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/db/client");
  const { runCosignDeadlines } = await import("@/lib/topics/run-cosign-deadlines");
  const { runReviewReminders } = await import("@/lib/ratings/run-review-reminders");
  const { flagOverdueTasks } = await import("@/lib/tasks/flag-overdue");
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
