/**
 * CPU time per call of the hot use cases on the city database, in process (no HTTP), to profile
 * without the noise of a shared machine: `npx tsx --conditions=react-server bench/profile-use-cases.ts`
 * after `npm run bench` has made bench/.data/run.db. Writes votes into that copy.
 */
import { openDatabase } from "@/db/client";
import { loadActor } from "@/lib/auth/actor";
import { personIdForToken } from "@/lib/auth/tokens";
import { castVote } from "@/lib/ballots/cast-vote";
import { getBallot } from "@/lib/ballots/get-ballot";
import { getTopic } from "@/lib/topics/get-topic";
import { listTopics } from "@/lib/topics/list-topics";
import { listOpinions } from "@/lib/opinions/list-opinions";
import fs from "node:fs";
const m = JSON.parse(fs.readFileSync("bench/.data/city.json", "utf8"));
const db = openDatabase("bench/.data/run.db");
// A use case may be async (every write is a unit of work): each call is awaited before the next.
const time = async (label: string, n: number, fn: (i: number) => unknown) => {
  for (let i = 0; i < 20; i++) await fn(i);
  const t = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn(i + 20);
  const u = process.cpuUsage(t);
  console.log(label.padEnd(28), ((u.user + u.system) / n / 1000).toFixed(3), "ms CPU/op");
};
const pairs = m.votePairs as [number, number][];
void (async () => {
await time("token+actor", 500, (i) => { const p = personIdForToken(db, m.tokenPrefix + pairs[i][1]); loadActor(db, p!); });
await time("castVote", 500, async (i) => { const [b, p] = pairs[i]; await castVote({ db, actor: loadActor(db, p) }, { ballotId: b, choice: "agree" }); });
await time("getBallot", 500, (i) => { const [, p] = pairs[i]; getBallot({ db, actor: loadActor(db, p) }, { ballotId: m.estateBallot.id }); });
const me = { db, actor: loadActor(db, m.resident.personId) };
const topics = (m.topics as { id: number; state: string }[]).filter((t) => t.state === "consulting");
await time("getTopic", 200, (i) => getTopic(me, { topicId: topics[i % topics.length].id }));
await time("listOpinions", 200, (i) => listOpinions(me, { topicId: topics[i % topics.length].id }));
await time("listTopics grid", 200, (i) => listTopics(me, { gridId: String(m.gridId), page: String((i % 5) + 1) }));
await time("listTopics search", 100, (i) => listTopics(me, { q: m.searchTerms[i % 5] }));
await time("listTopics all", 100, () => listTopics(me, {}));
await time("listTopics mine", 100, () => listTopics(me, { view: "mine" }));
})();
