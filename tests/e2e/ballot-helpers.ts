import { expect } from "vitest";
import { api } from "./browser";

/**
 * An announced voting period is kept: staff may close a ballot early only once every elector has
 * voted or the result is settled. Suites that close a ballot right after voting first let staff
 * enter a witnessed paper ballot, with this choice, for every elector who has not voted — so the
 * close stands on the "all voted" ground, without waiting for the closing time.
 */
export async function voteOutOnPaper(ballotId: number, staffToken: string, choice: "agree" | "disagree"): Promise<number> {
  const view = await api(`/api/v1/ballots/${ballotId}`, { token: staffToken });
  expect(view.status).toBe(200);
  const electors = ((view.json.staff as { electors: { electorKey: string; voted: boolean }[] } | null)?.electors ?? []).filter((e) => !e.voted);
  for (const e of electors) {
    const res = await api(`/api/v1/ballots/${ballotId}/paper`, { method: "POST", token: staffToken, body: { electorKey: e.electorKey, choice, witness: "监票人王某" } });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
  }
  return electors.length;
}
