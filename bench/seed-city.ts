/**
 * Seeds the city-scale benchmark database: 1 street, 10 communities, 200 grids, 100,000 units,
 * ~150,000 people, 20,000 topics at every stage, ~600,000 opinions and ~400,000 votes — the rows the
 * app itself would have written (counters on rows, the FTS index, timelines, hash-chained audit
 * entries, resolutions on the board, tasks, inbox messages), in batched raw transactions.
 *
 *   tsx --conditions=react-server bench/seed-city.ts <file.db> <manifest.json>
 *
 * Electorates are snapshotted with the app's own snapshotElectorate, results tallied with its
 * computeBallotResult and audit hashes made with its auditHash, so the data is the app's own shape.
 * The manifest tells bench/run.mjs which ids to load (ballots, topics, grids, voters).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import { openDatabase } from "@/db/client";
import { defaultCatalog } from "@/db/seed/default-catalog";
import type { BallotOpenedPayload, BallotTalliedPayload } from "@/lib/audit/payloads";
import { votePayload } from "@/lib/audit/payloads";
import { auditHash, canonicalJson, GENESIS_HASH } from "@/lib/audit/append";
import { electorsDigest, electorsForAudit, snapshotElectorate, type ElectorDraft } from "@/lib/ballots/electorate";
import { computeBallotResult } from "@/lib/ballots/tally-ballot";
import { segmentForIndex } from "@/lib/search/segment";
import type { TopicState } from "@/lib/domain/topic-state-machine";

/** Bump when the shape of the seeded data changes; bench/run.mjs reseeds on a mismatch. */
export const SEED_VERSION = 3;

const COMMUNITIES = 10;
const GRIDS_PER_COMMUNITY = 20;
const BUILDINGS_PER_GRID = 10;
const UNITS_PER_BUILDING = 50; // 25 floors × 2 flats
const RESIDENTS_PER_GRID = 250; // besides one owner per unit
const TOPICS_PER_GRID = 100;
const DAY = 86_400_000;

const [file, manifestFile] = process.argv.slice(2);
if (!file || !manifestFile) {
  console.error("usage: seed-city.ts <file.db> <manifest.json>");
  process.exit(2);
}

function mulberry32(seed: number) {
  return () => {
    let t = (seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20261126);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const communityNames = ["红心", "幸福", "和平", "春晖", "明珠", "锦绣", "长青", "阳光", "东湖", "翠苑"];
const communityCodes = ["HX", "XF", "HP", "CH", "MZ", "JX", "CQ", "YG", "DH", "CY"];
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘".split("");
const givenNames = ["秀英", "桂兰", "建华", "志强", "丽娟", "国平", "海燕", "德明", "淑珍", "永红", "春梅", "建军", "玉兰", "晓东", "文静", "立新", "红霞", "金凤", "振华", "雪梅", "子涵", "浩然", "欣怡", "宇轩"];
const subjects = ["电梯", "停车位", "电动车充电桩", "垃圾分类亭", "小区绿化", "路灯", "楼道照明", "自行车棚", "健身器材", "外墙保温层", "屋顶防水", "下水管道", "快递柜", "消防通道", "单元门禁", "监控探头", "儿童游乐场", "休闲座椅", "化粪池", "二次供水水箱"];
const problems = ["损坏需要维修", "加装申请", "改造方案征求意见", "长期占用问题", "存在安全隐患", "收费标准不透明", "噪音扰民", "管理混乱", "老化需要更换", "位置设置不合理"];
const descriptions = [
  "最近一段时间居民反映强烈，老人和孩子出行很不方便，希望网格尽快协调物业处理。",
  "这个问题已经持续了好几个月，多次向物业反映都没有结果，请大家一起议一议。",
  "雨天情况更严重，存在明显的安全隐患，建议尽快组织现场查看并制定方案。",
  "希望业委会和物业共同出一个方案，费用来源和施工时间都要公示。",
  "附近几栋楼的居民都遇到同样的情况，建议统一规划、统一施工。",
];
const opinionTexts = [
  "支持尽快解决，我家老人每天上下楼都很困难。",
  "建议先做一次全面的安全检查，再决定怎么改。",
  "费用怎么分摊要先讲清楚，按面积还是按户要大家商量。",
  "物业应该承担日常维护的责任，不能全部让业主出钱。",
  "我不同意这个方案，施工期间噪音太大影响休息。",
  "可以参考隔壁小区的做法，他们去年已经改造完成了。",
  "希望晚上也能安排人员巡查，保障大家的安全。",
  "停车位本来就紧张，再占用绿化带不太合适。",
  "建议在议事会上请专业人员来讲解一下技术方案。",
  "电梯加装后低层住户的采光问题也要考虑。",
  "垃圾分类亭的位置离单元门太近，夏天气味很大。",
  "充电桩要集中设置，飞线充电太危险了。",
  "同意，越快越好，拖下去问题只会更严重。",
  "能否分期实施，先解决最急的几栋楼？",
  "施工单位的资质和报价要公开，接受大家监督。",
];
const replyTexts = ["同意楼上的意见。", "这个建议很好，希望采纳。", "我补充一点：周末施工要避开休息时间。", "感谢回复，期待尽快落实。"];
const stances = ["support", "oppose", "suggestion"] as const;

/** The states of a grid's 100 topics: every stage of the loop is represented. */
const stateMix: [TopicState, number][] = [
  ["proposed", 15],
  ["awaitingAdmission", 5],
  ["consulting", 25],
  ["drafting", 8],
  ["voting", 2],
  ["resolved", 5],
  ["implementing", 10],
  ["underReview", 5],
  ["rectifying", 2],
  ["closed", 15],
  ["rejected", 4],
  ["merged", 2],
  ["expired", 2],
];
/** The transitions that led to each state, in order (the timeline the app would have written). */
const pathTo: Record<TopicState, string[]> = {
  proposed: [],
  awaitingAdmission: ["reachThreshold"],
  consulting: ["reachThreshold", "admit"],
  drafting: ["reachThreshold", "admit", "startDrafting"],
  voting: ["reachThreshold", "admit", "startDrafting", "openVoting"],
  resolved: ["reachThreshold", "admit", "startDrafting", "openVoting", "passVote"],
  implementing: ["reachThreshold", "admit", "startDrafting", "openVoting", "passVote", "startImplementation"],
  underReview: ["reachThreshold", "admit", "startDrafting", "openVoting", "passVote", "startImplementation", "completeImplementation"],
  rectifying: ["reachThreshold", "admit", "startDrafting", "openVoting", "passVote", "startImplementation", "completeImplementation", "requireRectification"],
  closed: ["reachThreshold", "admit", "startDrafting", "openVoting", "passVote", "startImplementation", "completeImplementation", "close"],
  rejected: ["reachThreshold", "reject"],
  merged: ["merge"],
  expired: ["expire"],
  failed: ["reachThreshold", "admit", "startDrafting", "openVoting", "failVote"],
};
const stateAfter: Record<string, TopicState> = {
  reachThreshold: "awaitingAdmission",
  admit: "consulting",
  startDrafting: "drafting",
  openVoting: "voting",
  passVote: "resolved",
  failVote: "failed",
  startImplementation: "implementing",
  completeImplementation: "underReview",
  requireRectification: "rectifying",
  close: "closed",
  reject: "rejected",
  merge: "merged",
  expire: "expired",
};
const decidedStates = new Set<TopicState>(["resolved", "implementing", "underReview", "rectifying", "closed"]);
const discussedStates = new Set<TopicState>(["consulting", "drafting", "voting", "resolved", "implementing", "underReview", "rectifying", "closed", "rejected"]);

const t0 = Date.now();
const now = t0;
const log = (msg: string) => process.stdout.write(`\r[seed ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`.padEnd(100));

for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
const db = openDatabase(path.resolve(file));
const sqlite = db.$client;
// Seeding only: a crash means seeding again, so durability can wait until the end.
sqlite.pragma("synchronous = OFF");
sqlite.pragma("cache_size = -400000");

const passwordHash = bcrypt.hashSync("demo1234", 10);
const docOf = (text: string) => JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const htmlOf = (text: string) => `<p>${text}</p>`;
/** Segmenting is the slow part of indexing: the texts repeat, so each is segmented once. */
const segCache = new Map<string, string>();
const seg = (s: string) => {
  let v = segCache.get(s);
  if (v === undefined) segCache.set(s, (v = segmentForIndex(s)));
  return v;
};

const ins = (sql: string) => sqlite.prepare(sql);
const q = {
  community: ins("INSERT INTO communities (id, code, name, district, street, created_at) VALUES (?, ?, ?, '城东区', '和平街道', ?)"),
  grid: ins("INSERT INTO grids (id, community_id, code, name, council_day, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
  building: ins("INSERT INTO buildings (id, grid_id, code, name, floors, created_at) VALUES (?, ?, ?, ?, 25, ?)"),
  unit: ins("INSERT INTO units (id, building_id, number, area_hundredths, developer_held, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
  org: ins("INSERT INTO organisations (id, community_id, kind, name, code, description, created_at) VALUES (?, ?, ?, ?, ?, '', ?)"),
  category: ins("INSERT INTO agenda_categories (id, community_id, name, sort_order, created_at) VALUES (?, ?, ?, ?, ?)"),
  item: ins("INSERT INTO agenda_items (id, category_id, name, description, default_level, default_vote_rule, sort_order, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
  person: ins("INSERT INTO people (id, phone, password_hash, name, display_number, status, claimed_unit_id, claimed_owner, reviewed_at, created_at) VALUES (?, ?, ?, ?, ?, 'verified', ?, ?, ?, ?)"),
  role: ins("INSERT INTO roles (person_id, role, community_id, grid_id, unit_id, organisation_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"),
  topic: ins(
    "INSERT INTO topics (id, community_id, grid_id, building_id, agenda_item_id, title, description_json, description_html, location, proposer_id, state, level, cosign_threshold, cosign_count, opinion_count, cosign_deadline, merged_into_id, rectification_round, closed_at, reject_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 5, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ),
  cosign: ins("INSERT INTO cosigns (topic_id, person_id, created_at) VALUES (?, ?, ?)"),
  topicEvent: ins("INSERT INTO topic_events (topic_id, actor_id, kind, from_state, to_state, note, data, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
  opinion: ins("INSERT INTO opinions (id, topic_id, author_id, parent_id, stance, body, official_organisation_id, hidden_at, hidden_by, hidden_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
  search: ins("INSERT INTO topic_search (rowid, title, body) VALUES (?, ?, ?)"),
  plan: ins("INSERT INTO plans (id, topic_id, title, kind, author_id, organisation_id, current_revision, frozen_at, created_at, updated_at) VALUES (?, ?, ?, 'official', ?, ?, 1, ?, ?, ?)"),
  revision: ins(
    "INSERT INTO plan_revisions (plan_id, number, author_id, body_json, body_html, responsible_organisation_id, responsible_text, budget_fen, budget_source, deadline, milestones, note, created_at) VALUES (?, 1, ?, ?, ?, ?, '', ?, 'propertyFirm', ?, '[]', '', ?)",
  ),
  ballot: ins(
    "INSERT INTO ballots (id, topic_id, community_id, grid_id, title, kind, rule, electorate_kind, building_id, secret, opens_at, closes_at, status, elector_count, elector_area_hundredths, voted_count, voted_area_hundredths, result, passed, winning_plan_id, created_by, closed_at, created_at) VALUES (?, ?, ?, ?, ?, 'single', ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  ),
  option: ins("INSERT INTO ballot_options (id, ballot_id, plan_id, revision_number, position) VALUES (?, ?, ?, 1, 1)"),
  elector: ins("INSERT INTO ballot_electors (ballot_id, elector_key, label, area_hundredths, unit_ids) VALUES (?, ?, ?, ?, ?)"),
  member: ins("INSERT INTO ballot_elector_members (ballot_id, elector_key, person_id) VALUES (?, ?, ?)"),
  vote: ins("INSERT INTO votes (id, ballot_id, elector_key, choice, channel, cast_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'online', ?, ?, ?)"),
  audit: ins("INSERT INTO audit_log (id, at, actor_id, kind, ballot_id, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
  resolution: ins("INSERT INTO resolutions (id, topic_id, ballot_id, plan_id, number, title, text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
  notice: ins("INSERT INTO notices (community_id, grid_id, kind, topic_id, resolution_id, title, body, published_at, until, created_by) VALUES (?, ?, 'resolution', ?, ?, ?, ?, ?, ?, ?)"),
  task: ins(
    "INSERT INTO tasks (topic_id, resolution_id, community_id, grid_id, title, description, assignee_organisation_id, status, due_on, percent, completed_at, round, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, 0, ?, ?, ?)",
  ),
  notification: ins("INSERT INTO notifications (person_id, kind, topic_id, data, read_at, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
  event: ins("INSERT INTO events (at, actor_id, kind, subject_type, subject_id, data) VALUES (?, ?, ?, ?, ?, ?)"),
  token: ins("INSERT INTO api_tokens (person_id, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?)"),
};

const ids = { person: 0, unit: 0, building: 0, grid: 0, org: 0, category: 0, item: 0, topic: 0, opinion: 0, plan: 0, ballot: 0, option: 0, vote: 0, audit: 0, resolution: 0 };
let lastHash = GENESIS_HASH;
function audit(kind: string, ballotId: number, actorId: number | null, at: number, payload: unknown) {
  const id = ++ids.audit;
  const text = canonicalJson(payload);
  const hash = auditHash(lastHash, id, at, kind, text);
  q.audit.run(id, at, actorId, kind, ballotId, text, lastHash, hash);
  lastHash = hash;
}

type GridInfo = { id: number; code: string; communityId: number; buildings: { id: number; units: number[] }[]; residents: number[]; owners: number[]; chief: number; worker: number };
type CommunityInfo = { id: number; code: string; grids: GridInfo[]; items: { id: number; level: string; rule: string }[]; firm: number; firmStaff: number; committee: number; admin: number };
const communities: CommunityInfo[] = [];
const counts = { people: 0, units: 0, topics: 0, opinions: 0, votes: 0, electors: 0, ballots: 0, notifications: 0 };

// ── Places, catalog, organisations, people and roles
const personName = () => pick(surnames) + pick(givenNames);
let phoneSeq = 0;
const phone = () => `13${String(++phoneSeq).padStart(9, "0")}`;
function person(name: string, dn: string, unitId: number | null, owner: boolean, at: number): number {
  const id = ++ids.person;
  q.person.run(id, phone(), passwordHash, name, dn, unitId, owner ? 1 : 0, at, at);
  counts.people++;
  return id;
}

for (let c = 0; c < COMMUNITIES; c++) {
  sqlite.transaction(() => {
    const cid = c + 1;
    const code = communityCodes[c]!;
    const at = now - 400 * DAY;
    q.community.run(cid, code, `${communityNames[c]}社区`, at);
    const info: CommunityInfo = { id: cid, code, grids: [], items: [], firm: 0, firmStaff: 0, committee: 0, admin: 0 };
    defaultCatalog.forEach((cat, ci) => {
      const catId = ++ids.category;
      q.category.run(catId, cid, cat.category, ci, at);
      cat.items.forEach((it, ii) => {
        const itemId = ++ids.item;
        q.item.run(itemId, catId, it.name, it.description, it.level, it.rule, ii, at);
        info.items.push({ id: itemId, level: it.level, rule: it.rule });
      });
    });
    info.firm = ++ids.org;
    q.org.run(info.firm, cid, "propertyFirm", `${communityNames[c]}物业服务有限公司`, "WY1", at);
    info.committee = ++ids.org;
    q.org.run(info.committee, cid, "ownersCommittee", `${communityNames[c]}社区业主委员会`, "YWH1", at);
    q.org.run(++ids.org, cid, "thinkTank", "邻里帮帮团", "ZN1", at);

    info.admin = person(personName(), `${code}00-GL-SQ-1`, null, false, at);
    q.role.run(info.admin, "communityAdmin", cid, null, null, null, at);
    info.firmStaff = person(personName(), `${code}00-WY-WY1-1`, null, false, at);
    q.role.run(info.firmStaff, "propertyFirmStaff", cid, null, null, info.firm, at);
    const member = person(personName(), `${code}00-YWH-YWH1-1`, null, false, at);
    q.role.run(member, "ownersCommitteeMember", cid, null, null, info.committee, at);
    for (let s = 1; s <= 2; s++) {
      const sup = person(personName(), `${code}00-DDY-SQ-${s}`, null, false, at);
      q.role.run(sup, "supervisor", cid, null, null, null, at);
    }

    for (let g = 1; g <= GRIDS_PER_COMMUNITY; g++) {
      const gid = ++ids.grid;
      const gcode = String(g).padStart(2, "0");
      q.grid.run(gid, cid, gcode, `第${g}网格`, (g % 28) + 1, at);
      const grid: GridInfo = { id: gid, code: gcode, communityId: cid, buildings: [], residents: [], owners: [], chief: 0, worker: 0 };
      grid.chief = person(personName(), `${code}${gcode}-WGZ-SQ-1`, null, false, at);
      q.role.run(grid.chief, "gridChief", cid, gid, null, null, at);
      grid.worker = person(personName(), `${code}${gcode}-WGY-SQ-1`, null, false, at);
      q.role.run(grid.worker, "gridWorker", cid, gid, null, null, at);
      let residentsLeft = RESIDENTS_PER_GRID;
      for (let b = 1; b <= BUILDINGS_PER_GRID; b++) {
        const bid = ++ids.building;
        const bcode = String(b).padStart(2, "0");
        q.building.run(bid, gid, bcode, `${b}号楼`, at);
        const unitIds: number[] = [];
        for (let k = 0; k < UNITS_PER_BUILDING; k++) {
          const uid = ++ids.unit;
          const number = `${Math.floor(k / 2) + 1}${String((k % 2) + 1).padStart(2, "0")}`;
          q.unit.run(uid, bid, number, Math.round((80 + rand() * 50) * 100), 0, at);
          counts.units++;
          unitIds.push(uid);
          const owner = person(personName(), `${code}${gcode}-YZ-${bcode}#${number}-1`, uid, true, at);
          q.role.run(owner, "owner", cid, gid, uid, null, at);
          grid.owners.push(owner);
          grid.residents.push(owner);
          if (residentsLeft > 0 && k % 2 === 0) {
            residentsLeft--;
            const resident = person(personName(), `${code}${gcode}-JM-${bcode}#${number}-1`, uid, false, at);
            q.role.run(resident, "resident", cid, gid, uid, null, at);
            grid.residents.push(resident);
          }
        }
        grid.buildings.push({ id: bid, units: unitIds });
      }
      info.grids.push(grid);
    }
    communities.push(info);
  })();
  log(`places and people: community ${c + 1}/${COMMUNITIES}, ${counts.units} units, ${counts.people} people`);
}
process.stdout.write("\n");

// ── Topics with everything that happened to them
type OpenBallot = { id: number; communityId: number; gridId: number; topicId: number; members: [number, string][] };
const openBallots: OpenBallot[] = [];
const sampleTopics: { id: number; communityId: number; gridId: number; state: string; opinions: number }[] = [];

function electorate(kind: "gridResidents" | "buildingOwners" | "estateOwners", communityId: number, gridId: number, buildingId: number | null): ElectorDraft[] {
  return snapshotElectorate(db, { kind, communityId, gridId, buildingId, meetingId: null });
}

function openBallotRows(topic: { id: number; communityId: number; gridId: number; title: string }, planId: number, kind: "gridResidents" | "buildingOwners" | "estateOwners", buildingId: number | null, rule: string, opensAt: number, closesAt: number, createdBy: number) {
  const electors = electorate(kind, topic.communityId, topic.gridId, buildingId);
  const id = ++ids.ballot;
  const optionId = ++ids.option;
  const areaTotal = electors.reduce((s, e) => s + e.areaHundredths, 0);
  q.ballot.run(id, topic.id, topic.communityId, topic.gridId, topic.title, rule, kind, buildingId, opensAt, closesAt, "open", electors.length, areaTotal, 0, 0, null, null, null, createdBy, null, opensAt);
  q.option.run(optionId, id, planId);
  for (const e of electors) {
    q.elector.run(id, e.electorKey, e.label, e.areaHundredths, JSON.stringify(e.unitIds));
    for (const m of e.memberIds) q.member.run(id, e.electorKey, m);
  }
  counts.electors += electors.length;
  counts.ballots++;
  const payload: BallotOpenedPayload = {
    ballotId: id,
    topicId: topic.id,
    title: topic.title,
    kind: "single",
    rule,
    electorateKind: kind,
    meetingId: null,
    buildingId,
    quorumRequired: null,
    secret: true,
    opensAt,
    closesAt,
    options: [{ optionId, planId, revisionNumber: 1, position: 1 }],
    electorCount: electors.length,
    electorAreaHundredths: areaTotal,
    electors: electorsForAudit(electors),
    electorsDigest: electorsDigest(electors),
  };
  audit("ballot.opened", id, createdBy, opensAt, payload);
  q.topicEvent.run(topic.id, createdBy, "ballotOpened", null, null, null, JSON.stringify({ ballotId: id, title: topic.title }), opensAt);
  q.event.run(opensAt, createdBy, "ballot.opened", "ballot", id, JSON.stringify({ topicId: topic.id, kind: "single", rule, electorateKind: kind, planIds: [planId], electorCount: electors.length }));
  return { id, optionId, electors, areaTotal };
}

/** Votes for a share of the electorate; returns what was cast (the audit chain gets each vote). */
function castVotes(ballotId: number, electors: ElectorDraft[], share: number, at: number, agreeShare: number) {
  const cast: { electorKey: string; choice: "agree" | "disagree" | "abstain"; area: number }[] = [];
  for (const e of electors) {
    if (rand() >= share || e.memberIds.length === 0) continue;
    const r = rand();
    const choice = r < agreeShare ? "agree" : r < agreeShare + (1 - agreeShare) * 0.7 ? "disagree" : "abstain";
    const voteId = ++ids.vote;
    const by = e.memberIds[0]!;
    const when = at + int(0, 3 * DAY);
    q.vote.run(voteId, ballotId, e.electorKey, choice, by, when, when);
    audit("vote.cast", ballotId, by, when, votePayload({ id: voteId, ballotId, electorKey: e.electorKey, choice, optionId: null, channel: "online", castBy: by, witness: null, viaProxyId: null, recordedBy: null }));
    cast.push({ electorKey: e.electorKey, choice, area: e.areaHundredths });
    counts.votes++;
  }
  return cast;
}

for (const com of communities) {
  for (const grid of com.grids) {
    sqlite.transaction(() => {
      // A topic's row is written once its counters are known, after its timeline: check at commit.
      sqlite.pragma("defer_foreign_keys = ON");
      const states: TopicState[] = stateMix.flatMap(([s, n]) => Array<TopicState>(n).fill(s));
      const gridTopicIds: number[] = [];
      for (const state of states) {
        const id = ++ids.topic;
        const item = pick(com.items);
        const building = pick(grid.buildings);
        const bno = grid.buildings.indexOf(building) + 1;
        const subject = pick(subjects);
        const title = `${bno}号楼${subject}${pick(problems)}`;
        const description = `${bno}号楼的${subject}${pick(descriptions)}`;
        const location = `${bno}号楼${int(1, 2)}单元`;
        const proposer = pick(grid.residents);
        const createdAt = now - int(20, 360) * DAY - int(0, DAY);
        const path = pathTo[state];
        // Timeline: proposed, co-signatures, then each transition, a few days apart.
        let at = createdAt;
        q.topicEvent.run(id, proposer, "proposed", null, "proposed", null, null, at);
        const cosigners = new Set<number>();
        const cosignTarget = state === "proposed" || state === "expired" || state === "merged" ? int(0, 3) : int(4, 10);
        while (cosigners.size < cosignTarget) {
          const p = pick(grid.residents);
          if (p !== proposer) cosigners.add(p);
        }
        let n = 0;
        for (const p of cosigners) {
          at += int(1, 6) * 3_600_000;
          q.cosign.run(id, p, at);
          q.topicEvent.run(id, p, "cosigned", null, null, null, JSON.stringify({ count: ++n }), at);
        }
        let from: TopicState = "proposed";
        const transitionAt: Record<string, number> = {};
        for (const step of path) {
          at += int(1, 5) * DAY;
          const to = stateAfter[step]!;
          const actor = step === "reachThreshold" || step === "expire" || step === "passVote" ? null : grid.chief;
          const data = step === "admit" ? JSON.stringify({ level: item.level }) : step === "merge" ? JSON.stringify({ into: gridTopicIds[0] ?? null }) : null;
          const note = step === "reject" ? "不属于本网格议事清单范围，请向有关部门反映" : null;
          q.topicEvent.run(id, actor, step, from, to, note, data, at);
          transitionAt[step] = at;
          from = to;
        }
        const updatedAt = Math.min(at + int(0, 2) * DAY, now - 3_600_000);

        // Opinions: the discussion, with replies, an official response, and the odd hidden post.
        let opinionCount = 0;
        const bodies: string[] = [];
        if (discussedStates.has(state)) {
          const total = int(10, 65);
          const mine: number[] = [];
          let oat = transitionAt.admit ?? createdAt;
          for (let k = 0; k < total; k++) {
            const oid = ++ids.opinion;
            oat += int(1, 240) * 60_000;
            const reply = mine.length > 0 && rand() < 0.2;
            const body = reply ? pick(replyTexts) : pick(opinionTexts);
            const hidden = rand() < 0.01;
            q.opinion.run(oid, id, pick(grid.residents), reply ? pick(mine) : null, reply ? null : pick(stances), body, null, hidden ? oat + 3_600_000 : null, hidden ? grid.chief : null, hidden ? "含有人身攻击内容" : null, oat);
            if (!reply) mine.push(oid);
            if (!hidden) {
              opinionCount++;
              bodies.push(body);
            }
          }
          const official = "物业已安排工程部现场查看，将在一周内给出维修方案和费用预算。";
          q.opinion.run(++ids.opinion, id, com.firmStaff, null, "suggestion", official, com.firm, null, null, null, oat + DAY);
          q.topicEvent.run(id, com.firmStaff, "opinionPosted", null, null, null, null, oat + DAY);
          opinionCount++;
          bodies.push(official);
          counts.opinions += total + 1;
        }

        q.topic.run(
          id,
          com.id,
          grid.id,
          building.id,
          item.id,
          title,
          docOf(description),
          htmlOf(description),
          location,
          proposer,
          state,
          item.level,
          cosigners.size,
          opinionCount,
          createdAt + 14 * DAY,
          state === "merged" ? (gridTopicIds[0] ?? null) : null,
          state === "rectifying" ? 1 : 0,
          state === "closed" ? at : null,
          state === "rejected" ? "不属于本网格议事清单范围，请向有关部门反映" : null,
          createdAt,
          updatedAt,
        );
        q.search.run(id, seg(title), [seg(description), seg(location), ...bodies.map(seg)].join(" "));
        gridTopicIds.push(id);
        counts.topics++;
        if (state !== "proposed") q.notification.run(proposer, stateAfter[path[path.length - 1] ?? ""] === "rejected" ? "rejected" : "admitted", id, JSON.stringify({ title }), rand() < 0.5 ? at : null, at);

        // Plans, ballots, resolutions, tasks for topics that got that far.
        if (["drafting", "voting"].includes(state) || decidedStates.has(state)) {
          const planId = ++ids.plan;
          const drafted = (transitionAt.startDrafting ?? at) + DAY;
          const frozen = transitionAt.openVoting ?? null;
          q.plan.run(planId, id, `${subject}${pick(["维修", "改造", "整治"])}方案`, com.firmStaff, com.firm, frozen, drafted, frozen ?? drafted);
          const planText = `由物业负责实施，预算约${int(2, 30)}万元，工期${int(2, 8)}周，完工后接受督导员和居民评价。`;
          q.revision.run(planId, com.firmStaff, docOf(planText), htmlOf(planText), com.firm, int(20_000, 300_000) * 100, new Date(drafted + 60 * DAY).toISOString().slice(0, 10), drafted);
          q.topicEvent.run(id, com.firmStaff, "planDrafted", null, null, null, JSON.stringify({ title: `${subject}方案` }), drafted);
          const topicRef = { id, communityId: com.id, gridId: grid.id, title };
          if (state === "voting") {
            const opened = openBallotRows(topicRef, planId, "gridResidents", null, "simpleMajority", transitionAt.openVoting!, now + 365 * DAY, grid.chief);
            const cast = castVotes(opened.id, opened.electors, 0.3, opened.electors.length ? transitionAt.openVoting! : now, 0.7);
            sqlite.prepare("UPDATE ballots SET voted_count = ?, voted_area_hundredths = ? WHERE id = ?").run(cast.length, cast.reduce((s, v) => s + v.area, 0), opened.id);
            for (const e of opened.electors) for (const m of e.memberIds) q.notification.run(m, "ballotOpened", id, JSON.stringify({ title, ballotId: opened.id, closesAt: now + 365 * DAY }), null, transitionAt.openVoting!);
            counts.notifications += opened.electors.length;
            if (com.id === 1) openBallots.push({ id: opened.id, communityId: com.id, gridId: grid.id, topicId: id, members: opened.electors.flatMap((e) => e.memberIds.map((m) => [m, e.electorKey] as [number, string])) });
          } else if (decidedStates.has(state)) {
            const openedAt = transitionAt.openVoting!;
            const closedAt = transitionAt.passVote!;
            const opened = openBallotRows(topicRef, planId, "buildingOwners", building.id, "ownersMajority", openedAt, closedAt, grid.chief);
            const cast = castVotes(opened.id, opened.electors, 0.85, openedAt, 0.8);
            const result = computeBallotResult(
              { kind: "single", rule: "ownersMajority", electorateKind: "buildingOwners", quorumRequired: null, planIds: [planId] },
              opened.electors.map((e) => ({ electorKey: e.electorKey, areaHundredths: e.areaHundredths, memberIds: e.memberIds })),
              cast.map((v) => ({ electorKey: v.electorKey, choice: v.choice, planId: null })),
              null,
            );
            sqlite
              .prepare("UPDATE ballots SET status = 'closed', closed_at = ?, result = ?, passed = ?, winning_plan_id = ?, voted_count = ?, voted_area_hundredths = ? WHERE id = ?")
              .run(closedAt, JSON.stringify(result), result.passed ? 1 : 0, result.winningPlanId, cast.length, cast.reduce((s, v) => s + v.area, 0), opened.id);
            const tallied: BallotTalliedPayload = { ballotId: opened.id, result: result as unknown as Record<string, unknown>, passed: result.passed, winningPlanId: result.winningPlanId, closedBy: null, present: null };
            audit("ballot.tallied", opened.id, null, closedAt, tallied);
            q.topicEvent.run(id, null, "ballotClosed", null, null, null, JSON.stringify({ ballotId: opened.id, passed: result.passed }), closedAt);
            const rid = ++ids.resolution;
            const number = `${com.code}决〔2026〕${rid}号`;
            const text = `经${building.units.length}户业主表决，${title}的方案获得通过，由物业负责实施。`;
            q.resolution.run(rid, id, opened.id, planId, number, `关于${title}的决议`, text, closedAt);
            q.notice.run(com.id, grid.id, id, rid, `关于${title}的决议`, text, closedAt, closedAt + 7 * DAY, grid.chief);
            if (state !== "resolved") {
              const started = transitionAt.startImplementation!;
              const done = state !== "implementing";
              q.task.run(id, rid, com.id, grid.id, `${subject}施工`, com.firm, done ? "completed" : pick(["assigned", "taken", "inProgress"]), new Date(started + 30 * DAY).toISOString().slice(0, 10), done ? 100 : int(0, 90), done ? (transitionAt.completeImplementation ?? started + 20 * DAY) : null, grid.chief, started, started);
              q.topicEvent.run(id, grid.chief, "taskCreated", null, null, null, JSON.stringify({ title: `${subject}施工` }), started);
            }
          }
        }
        if (sampleTopics.length < 400 && com.id === 1) sampleTopics.push({ id, communityId: com.id, gridId: grid.id, state, opinions: opinionCount });
      }
    })();
    log(`topics ${counts.topics}/${COMMUNITIES * GRIDS_PER_COMMUNITY * TOPICS_PER_GRID}, opinions ${counts.opinions}, votes ${counts.votes}, electors ${counts.electors}`);
  }
}
process.stdout.write("\n");

// ── The vote load's ballot: an estate-wide owners' vote in community 1, open for a year.
const com1 = communities[0]!;
const bigGrid = com1.grids[0]!;
let estate: OpenBallot;
sqlite.transaction(() => {
  const id = ++ids.topic;
  const title = "全小区电动车集中充电棚建设方案表决";
  const description = "为消除飞线充电的消防隐患，拟在小区东、西两侧建设集中充电棚，请全体业主表决。";
  const at = now - 10 * DAY;
  q.topic.run(id, com1.id, bigGrid.id, null, com1.items[3]!.id, title, docOf(description), htmlOf(description), "小区东门、西门", bigGrid.residents[0]!, "voting", "community", 9, 0, at - 20 * DAY, null, 0, null, null, at - 30 * DAY, at);
  q.search.run(id, seg(title), seg(description));
  q.topicEvent.run(id, bigGrid.residents[0]!, "proposed", null, "proposed", null, null, at - 30 * DAY);
  q.topicEvent.run(id, com1.admin, "openVoting", "drafting", "voting", null, null, at);
  const planId = ++ids.plan;
  q.plan.run(planId, id, "集中充电棚建设方案", com1.firmStaff, com1.firm, at, at - DAY, at);
  q.revision.run(planId, com1.firmStaff, docOf(description), htmlOf(description), com1.firm, 48_000_000, new Date(now + 90 * DAY).toISOString().slice(0, 10), at - DAY);
  const opened = openBallotRows({ id, communityId: com1.id, gridId: bigGrid.id, title }, planId, "estateOwners", null, "ownersMajority", at, now + 365 * DAY, com1.admin);
  estate = { id: opened.id, communityId: com1.id, gridId: bigGrid.id, topicId: id, members: opened.electors.flatMap((e) => e.memberIds.map((m) => [m, e.electorKey] as [number, string])) };
  counts.topics++;
})();

// ── Bearer tokens for the voters of community 1 (their SHA-256 only, as the app stores them).
const tokenOf = (personId: number) => `gc_bench_${personId}`;
const voters = [...new Set([...estate!.members.map(([p]) => p), ...openBallots.flatMap((b) => b.members.map(([p]) => p))])];
sqlite.transaction(() => {
  for (const p of voters) q.token.run(p, createHash("sha256").update(tokenOf(p)).digest("hex"), now + 400 * DAY, now);
})();
log(`tokens for ${voters.length} voters`);
process.stdout.write("\n");

const residentPhone = (sqlite.prepare("SELECT phone FROM people WHERE id = ?").get(bigGrid.owners[0]!) as { phone: string }).phone;
// No ANALYZE: the app never runs it, so the bench plans queries as production does.
log("checkpoint");
sqlite.pragma("wal_checkpoint(TRUNCATE)");
sqlite.pragma("synchronous = NORMAL");
sqlite.close();

const journal = JSON.parse(fs.readFileSync(path.join(process.cwd(), "db", "migrations", "meta", "_journal.json"), "utf8")) as { entries: unknown[] };
const manifest = {
  version: SEED_VERSION,
  migrations: journal.entries.length,
  seededAt: new Date(now).toISOString(),
  seconds: Math.round((Date.now() - t0) / 1000),
  counts: { ...counts, auditEntries: ids.audit },
  password: "demo1234",
  /** The resident the page loads sign in as: a verified owner of the first grid of community 1. */
  resident: { personId: bigGrid.owners[0]!, phone: residentPhone },
  gridId: bigGrid.id,
  tokenPrefix: "gc_bench_",
  estateBallot: { id: estate!.id, topicId: estate!.topicId, electors: estate!.members.length },
  /** Vote load: [ballotId, personId] pairs, each a voter with exactly one elector on that ballot. */
  votePairs: [...estate!.members.map(([p]) => [estate!.id, p]), ...openBallots.flatMap((b) => b.members.map(([p]) => [b.id, p]))],
  openBallots: openBallots.map((b) => b.id),
  topics: sampleTopics.filter((t) => t.gridId === bigGrid.id),
  searchTerms: ["电梯", "停车位", "充电桩 安全隐患", "垃圾分类", "外墙 维修"],
};
fs.writeFileSync(manifestFile, JSON.stringify(manifest));
console.log(`[seed] done in ${manifest.seconds} s: ${JSON.stringify(manifest.counts)}`);
