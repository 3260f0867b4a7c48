/**
 * The database limit: a bare node:http + better-sqlite3 server doing the app's vote transaction and
 * tally read with nothing else around them (no framework, no ORM, no validation library).
 *
 *   node bench/bare-server.mjs <file.db> <port>
 *
 * POST /ballots/:id/votes {choice}: token hash → elector → upsert vote → turnout counters → hash-chained
 *   audit entry → event, in one transaction.
 * GET  /ballots/:id: token hash → the ballot's turnout.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";

const [file, port] = process.argv.slice(2);
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 5000");

const sha256 = (s) => createHash("sha256").update(s).digest("hex");
const q = {
  token: db.prepare("SELECT person_id AS personId FROM api_tokens WHERE token_hash = ? AND expires_at > ?"),
  ballot: db.prepare("SELECT id, status, opens_at AS opensAt, closes_at AS closesAt, voted_count AS votedCount, elector_count AS electorCount, voted_area_hundredths AS votedArea, elector_area_hundredths AS electorArea FROM ballots WHERE id = ?"),
  elector: db.prepare(
    "SELECT e.elector_key AS electorKey, e.area_hundredths AS area FROM ballot_elector_members m JOIN ballot_electors e ON e.ballot_id = m.ballot_id AND e.elector_key = m.elector_key WHERE m.ballot_id = ? AND m.person_id = ?",
  ),
  existing: db.prepare("SELECT id, channel FROM votes WHERE ballot_id = ? AND elector_key = ?"),
  insertVote: db.prepare("INSERT INTO votes (ballot_id, elector_key, choice, channel, cast_by, created_at, updated_at) VALUES (?, ?, ?, 'online', ?, ?, ?) RETURNING id"),
  updateVote: db.prepare("UPDATE votes SET choice = ?, cast_by = ?, updated_at = ? WHERE id = ?"),
  turnout: db.prepare("UPDATE ballots SET voted_count = voted_count + 1, voted_area_hundredths = voted_area_hundredths + ? WHERE id = ?"),
  auditInsert: db.prepare("INSERT INTO audit_log (at, actor_id, kind, ballot_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, '', '') RETURNING id"),
  auditPrev: db.prepare("SELECT hash FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1"),
  auditSet: db.prepare("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?"),
  event: db.prepare("INSERT INTO events (at, actor_id, kind, subject_type, subject_id, data) VALUES (?, ?, ?, 'ballot', ?, ?)"),
};

class HttpError extends Error {
  constructor(status, code) {
    super(code);
    this.status = status;
  }
}

function personOf(req) {
  const auth = req.headers.authorization ?? "";
  if (!auth.toLowerCase().startsWith("bearer ")) throw new HttpError(401, "unauthenticated");
  const row = q.token.get(sha256(auth.slice(7).trim()), Date.now());
  if (!row) throw new HttpError(401, "invalidToken");
  return row.personId;
}

const vote = db.transaction((ballotId, personId, choice, now) => {
  const ballot = q.ballot.get(ballotId);
  if (!ballot) throw new HttpError(404, "ballotNotFound");
  if (ballot.status !== "open" || now < ballot.opensAt || now >= ballot.closesAt) throw new HttpError(409, "ballotClosed");
  const electors = q.elector.all(ballotId, personId);
  if (electors.length !== 1) throw new HttpError(403, "notInElectorate");
  const { electorKey, area } = electors[0];
  const existing = q.existing.get(ballotId, electorKey);
  if (existing?.channel === "paper") throw new HttpError(409, "votedOnPaper");
  let voteId;
  if (existing) {
    q.updateVote.run(choice, personId, now, existing.id);
    voteId = existing.id;
  } else {
    voteId = q.insertVote.get(ballotId, electorKey, choice, personId, now, now).id;
    q.turnout.run(area, ballotId);
  }
  const kind = existing ? "vote.changed" : "vote.cast";
  // Same canonical payload (sorted keys) and hash as lib/audit/append.ts.
  const payload = JSON.stringify({ ballotId, castBy: personId, channel: "online", choice, electorKey, optionId: null, recordedBy: null, viaProxyId: null, voteId, witness: null });
  const { id } = q.auditInsert.get(now, personId, kind, ballotId, payload);
  const prevHash = q.auditPrev.get(id)?.hash ?? "0".repeat(64);
  q.auditSet.run(prevHash, sha256(`${prevHash}\n${id}\n${now}\n${kind}\n${payload}`), id);
  q.event.run(now, personId, existing ? "ballot.voteChanged" : "ballot.voted", ballotId, JSON.stringify({ channel: "online", viaProxy: false }));
  return { ballotId, electorKey, changed: !!existing, choice };
});

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    try {
      const m = /^\/ballots\/(\d+)(\/votes)?$/.exec(req.url ?? "");
      if (req.url === "/health") return send(res, 200, { status: "ok" });
      if (!m) throw new HttpError(404, "notFound");
      const ballotId = Number(m[1]);
      const personId = personOf(req);
      if (req.method === "POST" && m[2]) {
        const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
        if (!["agree", "disagree", "abstain"].includes(body.choice)) throw new HttpError(422, "voteChoiceRequired");
        return send(res, 200, vote(ballotId, personId, body.choice, Date.now()));
      }
      if (req.method === "GET" && !m[2]) {
        const b = q.ballot.get(ballotId);
        if (!b) throw new HttpError(404, "ballotNotFound");
        return send(res, 200, { id: b.id, status: b.status, turnout: { votedCount: b.votedCount, electorCount: b.electorCount, votedAreaHundredths: b.votedArea, electorAreaHundredths: b.electorArea } });
      }
      throw new HttpError(405, "methodNotAllowed");
    } catch (e) {
      send(res, e instanceof HttpError ? e.status : 500, { error: { code: e.message } });
    }
  });
});
server.listen(Number(port), "127.0.0.1", () => process.send?.("ready"));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
