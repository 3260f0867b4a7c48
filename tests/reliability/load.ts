/**
 * A steady write load for the backup tests: residents post opinions and vote, a bounded number of
 * requests in flight, every acknowledged write remembered with the moment its answer arrived.
 */
import { call, type LoadGrid } from "./support";

export type AckedWrite = { kind: "opinion"; id: number; body: string; at: number } | { kind: "vote"; personId: number; at: number };

export function startWriteLoad(opts: { baseURL: string; grid: LoadGrid; topicId: number; ballotId: number; concurrency: number; tag: string }) {
  const acked: AckedWrite[] = [];
  const failures: string[] = [];
  let running = true;
  let seq = 0;
  const worker = async (w: number) => {
    while (running) {
      const n = ++seq;
      const resident = opts.grid.residents[(n * 7 + w) % opts.grid.residents.length]!;
      if (n % 3 === 0) {
        const choice = (["agree", "disagree", "abstain"] as const)[(n / 3) % 3]!;
        const r = await call(opts.baseURL, `/api/v1/ballots/${opts.ballotId}/votes`, { token: resident.token, body: { choice } });
        if (r.status === 200) acked.push({ kind: "vote", personId: resident.personId, at: Date.now() });
        else failures.push(`vote ${r.status} ${JSON.stringify(r.json)}`);
      } else {
        const body = `${opts.tag}意见${n}：希望尽快落实。`;
        const r = await call(opts.baseURL, `/api/v1/topics/${opts.topicId}/opinions`, { token: resident.token, body: { stance: "support", body } });
        if (r.status === 201) acked.push({ kind: "opinion", id: r.json.opinionId as number, body, at: Date.now() });
        else failures.push(`opinion ${r.status} ${JSON.stringify(r.json)}`);
      }
    }
  };
  const workers = Array.from({ length: opts.concurrency }, (_, w) => worker(w));
  return {
    acked,
    failures,
    /** Lets the requests in flight finish, then stops. */
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}
