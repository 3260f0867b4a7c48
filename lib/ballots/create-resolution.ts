import { and, count, eq, gte, lt } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { ballotOptions, buildings, communities, grids, meetings, notices, planRevisions, plans, resolutions, topics, type Ballot, type Topic } from "@/db/schema";
import { notify } from "@/lib/notifications/notify";
import { responsibleViews } from "@/lib/plans/shared";
import { fromShanghai, shanghaiParts } from "@/lib/time";
import { topicFollowerIds } from "@/lib/topics/staff-of-topic";
import { resolutionText, resolutionTitle } from "./resolution-text";
import type { BallotResult } from "./tally-ballot";
import { first } from "@/db/query";

const DAY = 86_400_000;
/** A resolution stays on the notice board for 7 days (公示期). */
export const NOTICE_DAYS = 7;

/** New Year's midnight in Beijing: resolutions are numbered by the year there. */
const yearStart = (year: number) => fromShanghai(year, 1, 1);

export type CreatedResolution = { resolutionId: number; noticeId: number; number: string };

/**
 * The resolution of a ballot that passed, inside the close's transaction: numbered
 * "<community code>决〔<year>〕<n>号" (n counts the community's resolutions of the year, Beijing
 * time), its text generated from the plan's frozen revision and the tally, posted on the notice
 * board for 7 days, and the topic's followers told.
 */
export async function createResolution(
  tx: Tx,
  args: { ballot: Ballot; topic: Topic; result: BallotResult; planId: number; closedAt: Date; now: Date; actorId: number | null },
): Promise<CreatedResolution> {
  const { ballot, topic, result, planId, closedAt, now, actorId } = args;
  const community = (await first(tx.select({ code: communities.code, name: communities.name }).from(communities).where(eq(communities.id, topic.communityId))))!;
  const grid = await first(tx.select({ name: grids.name }).from(grids).where(eq(grids.id, topic.gridId)));

  const year = shanghaiParts(now).year;
  const sameYear = (await first(tx
    .select({ n: count() })
    .from(resolutions)
    .innerJoin(topics, eq(topics.id, resolutions.topicId))
    .where(and(eq(topics.communityId, topic.communityId), gte(resolutions.createdAt, yearStart(year)), lt(resolutions.createdAt, yearStart(year + 1))))))!.n;
  const number = `${community.code}决〔${year}〕${sameYear + 1}号`;

  // The revision voted on is the one frozen on the ballot, whatever came after.
  const options = await tx
    .select({ planId: ballotOptions.planId, revisionNumber: ballotOptions.revisionNumber, title: plans.title })
    .from(ballotOptions)
    .innerJoin(plans, eq(plans.id, ballotOptions.planId))
    .where(eq(ballotOptions.ballotId, ballot.id));
  const option = options.find((o) => o.planId === planId)!;
  const revision = (await first(tx
    .select()
    .from(planRevisions)
    .where(and(eq(planRevisions.planId, planId), eq(planRevisions.number, option.revisionNumber)))))!;
  const responsible = (await responsibleViews(tx, [revision]))[0]!;
  const electorateName =
    ballot.electorateKind === "meetingAttendees" && ballot.meetingId != null
      ? ((await first(tx.select({ title: meetings.title }).from(meetings).where(eq(meetings.id, ballot.meetingId))))?.title ?? null)
      : ballot.electorateKind === "buildingOwners" && ballot.buildingId != null
        ? ((await first(tx.select({ name: buildings.name }).from(buildings).where(eq(buildings.id, ballot.buildingId))))?.name ?? null)
        : null;

  const title = resolutionTitle(option.title);
  const text = resolutionText({
    number,
    communityName: community.name,
    gridName: grid?.name ?? null,
    topicTitle: topic.title,
    ballotTitle: ballot.title,
    electorateKind: ballot.electorateKind,
    electorateName,
    secret: ballot.secret,
    opensAt: ballot.opensAt,
    closesAt: ballot.closesAt,
    closedAt,
    earlyClose: ballot.earlyCloseGround && ballot.earlyClosedAt ? { ground: ballot.earlyCloseGround, at: ballot.earlyClosedAt } : null,
    plan: {
      title: option.title,
      revisionNumber: option.revisionNumber,
      responsible: responsible.kind === "none" ? "" : responsible.name,
      budgetFen: revision.budgetFen,
      budgetSource: revision.budgetSource,
      deadline: revision.deadline,
      milestones: revision.milestones,
    },
    planTitles: Object.fromEntries(options.map((o) => [o.planId, o.title])),
    result,
  });

  const resolution = await first(tx
    .insert(resolutions)
    .values({ topicId: topic.id, ballotId: ballot.id, planId, number, title, text, createdAt: now })
    .returning({ id: resolutions.id }));
  const notice = await first(tx
    .insert(notices)
    .values({
      communityId: topic.communityId,
      gridId: topic.gridId,
      kind: "resolution",
      topicId: topic.id,
      resolutionId: resolution.id,
      title,
      body: text,
      publishedAt: now,
      until: new Date(now.getTime() + NOTICE_DAYS * DAY),
      createdBy: actorId,
    })
    .returning({ id: notices.id }));
  await notify(tx, await topicFollowerIds(tx, topic), "resolved", { topicId: topic.id, actorId, at: now, data: { title: topic.title, number, noticeId: notice.id } });
  return { resolutionId: resolution.id, noticeId: notice.id, number };
}
