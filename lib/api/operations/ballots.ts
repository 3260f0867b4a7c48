import { z } from "zod";
import { castVoteInput, openBallotFields, paperBallotInput, proxyCandidatesQuery, recordProxyInput } from "@/lib/validation/ballots";
import type { BallotPhase } from "@/lib/ballots/access";
import type { Operation } from "../operation";

const tags = ["ballots"];

/** Every phase a ballot reports, with its meaning (a Record, so a new phase cannot go undocumented). */
const phaseMeaning: Record<BallotPhase, string> = {
  upcoming: "not yet open",
  open: "taking votes",
  awaitingCount:
    "已截止，等待计票: past closesAt, no more votes taken, not yet counted (result null); the server counts it within a minute or two, or staff close it. Reading never closes a ballot",
  closed: "counted: the result is published",
};
const ballotPhase = z.enum(Object.keys(phaseMeaning) as [BallotPhase, ...BallotPhase[]]).describe(
  Object.entries(phaseMeaning)
    .map(([k, v]) => `${k}: ${v}`)
    .join("; "),
);

/** Ballots (表决): opening, online and paper votes, proxies (委托投票), the close and its resolution. */
export const ballotsOperations: Operation[] = [
  {
    method: "get",
    path: "/api/v1/topics/{id}/ballots",
    summary: "The topic's ballots, newest first: turnout (headcount and area) while open, passed and why once closed — never a count by choice before the close",
    tags,
    auth: true,
    // Only the field a client must branch on is described; the rest is passed through.
    response: z.looseObject({ ballots: z.array(z.looseObject({ id: z.number(), phase: ballotPhase })) }),
  },
  {
    method: "post",
    path: "/api/v1/topics/{id}/ballots",
    summary:
      "Staff who own a topic in drafting open a ballot on one plan (single) or several (choice). The topic moves to voting, the plans are frozen, the electorate is snapshotted; 409 when the topic is not in drafting or has no plan, 422 ruleNotStricter / ownersRuleNeedsOwners",
    tags,
    auth: true,
    body: openBallotFields.omit({ topicId: true }),
    response: z.object({ ballotId: z.number(), topicId: z.number(), state: z.string(), electorCount: z.number(), electorAreaHundredths: z.number() }),
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/topics/{id}/ballots/options",
    summary: "Staff: what a ballot on the topic may be opened with — its plans, the catalog item's rule and the stricter ones, its meetings, the buildings",
    tags,
    auth: true,
  },
  { method: "get", path: "/api/v1/ballots", summary: "Ballots you may vote on now or soon, with every elector you may vote for (yourself, principals whose proxy you are)", tags, auth: true },
  {
    method: "get",
    path: "/api/v1/ballots/{id}",
    summary:
      "One ballot: question, frozen plans, turnout, live presence quorum for meeting ballots, your electors and your own votes (for a principal whose proxy you are: whether a vote is in, never which); for staff of an owners' ballot the developer-held units, the developer's representative and the registrations on those units that give no vote; the result with every figure only once closed, each elector's choice only for named ballots after the close. Past its closing time and not yet counted, phase is awaitingCount (已截止，等待计票) and result is null",
    tags,
    auth: true,
    response: z.looseObject({ id: z.number(), phase: ballotPhase }),
  },
  {
    method: "post",
    path: "/api/v1/ballots/{id}/votes",
    summary: "Vote online or change your vote until the close. 403 notInElectorate, 409 ballotNotOpen / ballotClosed / votedOnPaper / votedByPrincipal (a proxy cannot change a vote they did not cast), 422 electorRequired when you may vote for several electors",
    tags,
    auth: true,
    body: castVoteInput.omit({ ballotId: true }),
    response: z.object({ ballotId: z.number(), electorKey: z.string(), changed: z.boolean(), viaProxy: z.boolean(), choice: z.string().nullable(), planId: z.number().nullable() }),
  },
  {
    method: "post",
    path: "/api/v1/ballots/{id}/paper",
    summary: "Staff enter a paper ballot for an elector, with the witness (监票人). 409 alreadyVoted when the elector has voted by either channel",
    tags,
    auth: true,
    body: paperBallotInput.omit({ ballotId: true }),
    response: z.object({ ballotId: z.number(), electorKey: z.string(), voteId: z.number() }),
    status: 201,
  },
  {
    method: "post",
    path: "/api/v1/ballots/{id}/proxies",
    summary: "Staff record a written authorization (委托投票): elector, proxy person and the scan (field scan: JPEG, PNG, GIF or WebP up to 5 MB, checked by content). 409 proxyElectorVoted once the elector has voted in any channel; the developer's representative is recorded as the proxy of elector \"developer\"",
    tags,
    auth: true,
    contentType: "multipart/form-data",
    body: recordProxyInput.omit({ ballotId: true }).extend({ scan: z.string().meta({ format: "binary", description: "The signed authorization, scanned or photographed" }) }),
    response: z.object({ proxyId: z.number(), ballotId: z.number(), electorKey: z.string(), proxyPersonId: z.number() }),
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/ballots/{id}/proxies/candidates",
    summary: "Staff: verified people of the ballot's community by name, display number or phone, to name as proxy",
    tags,
    auth: true,
    query: proxyCandidatesQuery.omit({ ballotId: true }),
  },
  { method: "get", path: "/api/v1/ballots/{id}/proxies/{proxyId}/scan", summary: "Staff: the scan of an authorization (image)", tags, auth: true },
  {
    method: "post",
    path: "/api/v1/ballots/{id}/close",
    summary: "Staff close the ballot: the tally with every figure is stored and audited; passed → topic resolved, resolution numbered and posted on the notice board for 7 days; failed → topic failed",
    tags,
    auth: true,
    response: z.object({
      ballotId: z.number(),
      passed: z.boolean(),
      winningPlanId: z.number().nullable(),
      topicState: z.string(),
      resolution: z.object({ resolutionId: z.number(), noticeId: z.number(), number: z.string() }).nullable(),
    }),
  },
];
