import { and, asc, eq, inArray } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import {
  ballotElectors,
  ballotOptions,
  ballotProxies,
  buildings,
  developerRepresentatives,
  imports,
  meetings,
  notices,
  people,
  planRevisions,
  plans,
  resolutions,
  roles,
  units,
  votes,
  type Ballot,
  type BudgetSource,
  type ElectorateKind,
  type Milestone,
  type Topic,
} from "@/db/schema";
import type { ActorCtx } from "@/lib/context";
import { developerOwnerKey, formatPercent, type BallotChoice, type VoteRuleId } from "@/lib/domain/vote-rules";
import { responsibleViews, type ResponsibleView } from "@/lib/plans/shared";
import { ballotRef } from "@/lib/validation/ballots";
import { ballotPhase, loadVisibleBallot, mayManageBallot, type BallotPhase } from "./access";
import { electorsNow, eligibleElectors, presentCount } from "./electorate";
import type { BallotResult } from "./tally-ballot";
import { first } from "@/db/query";

export type Turnout = {
  votedCount: number;
  electorCount: number;
  votedAreaHundredths: number;
  electorAreaHundredths: number;
  headcountPercent: string;
  areaPercent: string;
};

export type BallotOptionView = {
  planId: number;
  title: string;
  position: number;
  /** The revision frozen when the ballot opened: what is voted on. */
  revisionNumber: number;
  revision: {
    bodyHtml: string;
    responsible: ResponsibleView;
    budgetFen: number;
    budgetSource: BudgetSource;
    deadline: string | null;
    milestones: Milestone[];
  } | null;
};

/** A vote as its own voter sees it. */
export type MyVote = { choice: BallotChoice | null; planId: number | null; channel: "online" | "paper"; updatedAt: Date };

export type BallotView = {
  id: number;
  topic: { id: number; title: string; state: Topic["state"] };
  title: string;
  kind: "single" | "choice";
  rule: VoteRuleId;
  electorateKind: ElectorateKind;
  meeting: { id: number; title: string } | null;
  building: { id: number; name: string } | null;
  secret: boolean;
  opensAt: Date;
  closesAt: Date;
  closedAt: Date | null;
  /** upcoming, open, awaitingCount (past closesAt, not yet counted: no result yet), closed (counted). */
  phase: BallotPhase;
  options: BallotOptionView[];
  /** Headcount and area that voted so far: never what they chose. */
  turnout: Turnout;
  /** Meeting ballots: people checked in now against the quorum (出席法定人数), live. */
  quorum: { required: number | null; present: number; met: boolean | null } | null;
  /** Only once closed: the tally with every figure of the rule. */
  result: BallotResult | null;
  /** Only once closed, and only for named ballots: each elector's choice. */
  namedChoices: { electorKey: string; label: string; choice: BallotChoice | null; planId: number | null; channel: "online" | "paper" }[] | null;
  resolution: { id: number; number: string; title: string; noticeId: number | null } | null;
  me: {
    mayManage: boolean;
    /**
     * Every elector the reader may vote for (themself, principals). `vote` is the choice for the
     * reader's own electors only; for a principal it is always null — a proxy holder learns whether
     * a vote is in (`voted`) and whether they may still cast or change it (`mayVote`: not over a
     * vote someone else cast), never which.
     */
    electors: { electorKey: string; label: string; areaHundredths: number; viaProxy: boolean; voted: boolean; mayVote: boolean; vote: MyVote | null }[];
  };
  /**
   * For the topic's staff, owners' ballots with developer-held units: the units counted together
   * as the developer's one vote (法释〔2009〕7号 art. 9), who represents the developer (the holder
   * of its written authorization, if recorded), and the registrations on those units that give
   * their holder no vote through them.
   */
  developer: DeveloperView | null;
  /** For the topic's staff while votes may come in (upcoming, open): the electorate list (who voted, not how) and proxies. */
  staff: {
    electors: { electorKey: string; label: string; areaHundredths: number; voted: boolean; hasProxy: boolean }[];
    proxies: { id: number; electorKey: string; label: string; proxy: { id: number; name: string; displayNumber: string }; createdAt: Date }[];
  } | null;
};

export type DeveloperView = {
  electorKey: string;
  areaHundredths: number;
  units: { id: number; label: string }[];
  representative: { id: number; name: string; displayNumber: string } | null;
  /**
   * The developer's representative named by the community's owners' register (lib/imports/people),
   * offered as the proxy of elector "developer"; the written authorization is still recorded per ballot.
   */
  registered: { id: number; name: string; displayNumber: string; source: string } | null;
  setAside: { unit: string; name: string; displayNumber: string }[];
};

export function turnoutOf(b: Pick<Ballot, "votedCount" | "electorCount" | "votedAreaHundredths" | "electorAreaHundredths">, electorCount = b.electorCount): Turnout {
  return {
    votedCount: b.votedCount,
    electorCount,
    votedAreaHundredths: b.votedAreaHundredths,
    electorAreaHundredths: b.electorAreaHundredths,
    headcountPercent: formatPercent(b.votedCount, electorCount),
    areaPercent: formatPercent(b.votedAreaHundredths, b.electorAreaHundredths),
  };
}

export async function optionViews(db: DB | Tx, ballotId: number): Promise<BallotOptionView[]> {
  const options = await db
    .select({ planId: ballotOptions.planId, position: ballotOptions.position, revisionNumber: ballotOptions.revisionNumber, title: plans.title })
    .from(ballotOptions)
    .innerJoin(plans, eq(plans.id, ballotOptions.planId))
    .where(eq(ballotOptions.ballotId, ballotId))
    .orderBy(asc(ballotOptions.position));
  const revisions = await Promise.all(options.map(
    async (o) => await first(db.select().from(planRevisions).where(and(eq(planRevisions.planId, o.planId), eq(planRevisions.number, o.revisionNumber)))) ?? null,
  ));
  const responsible = await responsibleViews(db, revisions.filter((r) => r != null));
  let i = 0;
  return options.map((o, k) => {
    const r = revisions[k];
    return {
      ...o,
      revision: r
        ? { bodyHtml: r.bodyHtml, responsible: responsible[i++]!, budgetFen: r.budgetFen, budgetSource: r.budgetSource, deadline: r.deadline, milestones: r.milestones }
        : null,
    };
  });
}

/**
 * One ballot as the reader may see it. While it is open: the question, the frozen plans, the
 * turnout (headcount and area) and for a meeting the live quorum — but no count by choice and no
 * one's choice, for staff as for everyone. Once closed: the result with every figure; for a named
 * ballot the choices by elector; the resolution if it passed. A ballot past its closing time and
 * not yet counted reads as awaitingCount (已截止，等待计票): no votes taken, no result yet, no staff
 * tools; it is closed by the scheduled job (closeDueBallots) or by staff, never by this read.
 */
export async function getBallot(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<BallotView> {
  const input = ballotRef.parse(raw);
  const { db, actor } = ctx;
  const { ballot, topic } = await loadVisibleBallot(db, actor, input.ballotId);
  const phase = ballotPhase(ballot, now);
  const closed = ballot.status === "closed";
  const mayManage = mayManageBallot(actor, topic);

  const meeting = ballot.meetingId != null ? (await first(db.select({ id: meetings.id, title: meetings.title }).from(meetings).where(eq(meetings.id, ballot.meetingId))) ?? null) : null;
  const building = ballot.buildingId != null ? (await first(db.select({ id: buildings.id, name: buildings.name }).from(buildings).where(eq(buildings.id, ballot.buildingId))) ?? null) : null;
  const present = ballot.electorateKind === "meetingAttendees" && ballot.meetingId != null ? await presentCount(db, ballot.meetingId) : null;
  const planOfOption = new Map(
    (await db.select({ id: ballotOptions.id, planId: ballotOptions.planId }).from(ballotOptions).where(eq(ballotOptions.ballotId, ballot.id))).map((o) => [o.id, o.planId]),
  );
  const planIdOf = (optionId: number | null) => (optionId != null ? (planOfOption.get(optionId) ?? null) : null);

  // The reader's own electors and, for each, the vote cast for it: shown to its own voter only.
  const mine = await eligibleElectors(db, ballot, actor!.personId);
  const myVotes = mine.length
    ? await db
        .select()
        .from(votes)
        .where(and(eq(votes.ballotId, ballot.id), inArray(votes.electorKey, mine.map((e) => e.electorKey))))
    : [];
  const meElectors = mine.map((e) => {
    const v = myVotes.find((x) => x.electorKey === e.electorKey);
    const viaProxy = e.viaProxyId != null;
    return {
      electorKey: e.electorKey,
      label: e.label,
      areaHundredths: e.areaHundredths,
      viaProxy,
      voted: !!v,
      // The same rule castVote applies: only while the ballot is open; paper ends it; a proxy
      // changes only a vote they cast.
      mayVote: phase === "open" && (!v || (v.channel === "online" && (!viaProxy || v.castBy === actor.personId))),
      // A principal's choice is theirs: not even their proxy reads it back (see castVote).
      vote: v && !viaProxy ? { choice: v.choice, planId: planIdOf(v.optionId), channel: v.channel, updatedAt: v.updatedAt } : null,
    };
  });

  let namedChoices: BallotView["namedChoices"] = null;
  if (closed && !ballot.secret) {
    namedChoices = (await db
      .select({ electorKey: votes.electorKey, label: ballotElectors.label, choice: votes.choice, optionId: votes.optionId, channel: votes.channel })
      .from(votes)
      .innerJoin(ballotElectors, and(eq(ballotElectors.ballotId, votes.ballotId), eq(ballotElectors.electorKey, votes.electorKey)))
      .where(eq(votes.ballotId, ballot.id))
      .orderBy(asc(ballotElectors.id)))
      .map((v) => ({ electorKey: v.electorKey, label: v.label, choice: v.choice, planId: planIdOf(v.optionId), channel: v.channel }));
  }

  const resolutionRow = closed
    ? await first(db.select({ id: resolutions.id, number: resolutions.number, title: resolutions.title }).from(resolutions).where(eq(resolutions.ballotId, ballot.id)))
    : undefined;
  const notice = resolutionRow ? await first(db.select({ id: notices.id }).from(notices).where(eq(notices.resolutionId, resolutionRow.id)).orderBy(asc(notices.id))) : undefined;

  return {
    id: ballot.id,
    topic: { id: topic.id, title: topic.title, state: topic.state },
    title: ballot.title,
    kind: ballot.kind,
    rule: ballot.rule,
    electorateKind: ballot.electorateKind,
    meeting,
    building,
    secret: ballot.secret,
    opensAt: ballot.opensAt,
    closesAt: ballot.closesAt,
    closedAt: ballot.closedAt,
    phase,
    options: await optionViews(db, ballot.id),
    turnout: turnoutOf(ballot, !closed && present != null ? present : ballot.electorCount),
    quorum: present != null ? { required: ballot.quorumRequired, present, met: ballot.quorumRequired != null ? present >= ballot.quorumRequired : null } : null,
    result: closed ? ((ballot.result as unknown as BallotResult | null) ?? null) : null,
    namedChoices,
    resolution: resolutionRow ? { ...resolutionRow, noticeId: notice?.id ?? null } : null,
    me: { mayManage, electors: meElectors },
    // Paper ballots and proxies only while votes may still come in.
    staff: mayManage && (phase === "open" || phase === "upcoming") ? await staffView(db, ballot) : null,
    developer: mayManage ? await developerView(db, ballot) : null,
  };
}

async function developerView(db: DB | Tx, ballot: Ballot): Promise<DeveloperView | null> {
  if (ballot.electorateKind !== "buildingOwners" && ballot.electorateKind !== "estateOwners") return null;
  const dev = await first(db
    .select({ electorKey: ballotElectors.electorKey, areaHundredths: ballotElectors.areaHundredths, unitIds: ballotElectors.unitIds })
    .from(ballotElectors)
    .where(and(eq(ballotElectors.ballotId, ballot.id), eq(ballotElectors.electorKey, developerOwnerKey))));
  if (!dev) return null;
  const unitIds = dev.unitIds;
  const unitRows = unitIds.length
    ? await db
        .select({ id: units.id, number: units.number, building: buildings.name })
        .from(units)
        .innerJoin(buildings, eq(buildings.id, units.buildingId))
        .where(inArray(units.id, unitIds))
        .orderBy(asc(units.id))
    : [];
  const label = new Map(unitRows.map((u) => [u.id, `${u.building} ${u.number}`]));
  const representative =
    await first(db
      .select({ id: people.id, name: people.name, displayNumber: people.displayNumber })
      .from(ballotProxies)
      .innerJoin(people, eq(people.id, ballotProxies.proxyPersonId))
      .where(and(eq(ballotProxies.ballotId, ballot.id), eq(ballotProxies.electorKey, developerOwnerKey)))) ?? null;
  const registered =
    await first(db
      .select({ id: people.id, name: people.name, displayNumber: people.displayNumber, source: imports.source })
      .from(developerRepresentatives)
      .innerJoin(people, eq(people.id, developerRepresentatives.personId))
      .innerJoin(imports, eq(imports.id, developerRepresentatives.importId))
      .where(and(eq(developerRepresentatives.communityId, ballot.communityId), eq(people.status, "verified")))) ?? null;
  const setAside = unitIds.length
    ? await db
        .selectDistinct({ unitId: roles.unitId, personId: people.id, name: people.name, displayNumber: people.displayNumber })
        .from(roles)
        .innerJoin(people, eq(people.id, roles.personId))
        .where(and(inArray(roles.unitId, unitIds), eq(roles.role, "owner"), eq(people.status, "verified")))
        .orderBy(asc(roles.unitId), asc(people.id))
    : [];
  return {
    electorKey: dev.electorKey,
    areaHundredths: dev.areaHundredths,
    units: unitRows.map((u) => ({ id: u.id, label: label.get(u.id)! })),
    representative,
    registered,
    setAside: setAside.map((r) => ({ unit: label.get(r.unitId!) ?? String(r.unitId), name: r.name, displayNumber: r.displayNumber })),
  };
}

async function staffView(db: DB | Tx, ballot: Ballot): Promise<NonNullable<BallotView["staff"]>> {
  const voted = new Set((await db.select({ electorKey: votes.electorKey }).from(votes).where(eq(votes.ballotId, ballot.id))).map((v) => v.electorKey));
  const proxyRows = await db
    .select({ id: ballotProxies.id, electorKey: ballotProxies.electorKey, createdAt: ballotProxies.createdAt, personId: people.id, name: people.name, displayNumber: people.displayNumber })
    .from(ballotProxies)
    .innerJoin(people, eq(people.id, ballotProxies.proxyPersonId))
    .where(eq(ballotProxies.ballotId, ballot.id))
    .orderBy(asc(ballotProxies.id));
  // At a meeting, everyone checked in may hand in a paper ballot, elector row or not yet.
  const list = await electorsNow(db, ballot);
  const labelOf = new Map(list.map((e) => [e.electorKey, e.label]));
  const proxied = new Set(proxyRows.map((p) => p.electorKey));
  return {
    electors: list.map((e) => ({ ...e, voted: voted.has(e.electorKey), hasProxy: proxied.has(e.electorKey) })),
    proxies: proxyRows.map((p) => ({
      id: p.id,
      electorKey: p.electorKey,
      label: labelOf.get(p.electorKey) ?? p.electorKey,
      proxy: { id: p.personId, name: p.name, displayNumber: p.displayNumber },
      createdAt: p.createdAt,
    })),
  };
}
