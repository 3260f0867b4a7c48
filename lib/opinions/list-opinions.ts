import { asc, eq } from "drizzle-orm";
import { opinions, organisations, people, type Opinion, type OrganisationKind, type Topic } from "@/db/schema";
import { can } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { isInvited, loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { topicOpinionsQuery } from "@/lib/validation/opinions";
import { opinionsOpen, organisationsActorSpeaksFor, type SpeakingOrganisation } from "./consultation";

export type OpinionView = {
  id: number;
  author: { id: number; name: string; displayNumber: string };
  stance: Opinion["stance"];
  /** Null when the opinion is hidden and the reader is not among the topic's staff. */
  body: string | null;
  official: { organisationId: number; name: string; kind: OrganisationKind } | null;
  hidden: { reason: string; at: Date } | null;
  createdAt: Date;
};

export type OpinionThread = OpinionView & { replies: OpinionView[] };

export type TopicOpinions = {
  topicId: number;
  state: Topic["state"];
  /** The topic is in a state that takes opinions. */
  open: boolean;
  /** The reader may post now (open, and allowed to speak on this topic). */
  mayPost: boolean;
  /** The reader may speak on this topic at all (whatever its state). */
  mayTakePart: boolean;
  /** The reader is among the topic's staff: hides opinions, invites people, reads hidden text. */
  mayModerate: boolean;
  invited: boolean;
  /** Organisations the reader may answer for (官方回应). */
  speaksFor: SpeakingOrganisation[];
  counts: { support: number; oppose: number; suggestion: number; replies: number; hidden: number };
  /** Opinions oldest first (a consultation reads as a conversation), each with its replies. */
  threads: OpinionThread[];
};

/** The opinions of a topic the reader may see, shaped for the reader: hidden text only for staff. */
export async function listOpinions(ctx: ActorCtx, raw: unknown): Promise<TopicOpinions> {
  const { topicId } = topicOpinionsQuery.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  const invited = await isInvited(db, topic.id, actor.personId);
  const mayModerate = can(actor, "topic.manage", topicResource(topic));
  const mayTakePart = can(actor, "opinion.post", topicResource(topic, invited));
  const open = opinionsOpen(topic.state);

  const rows = await db
    .select({
      id: opinions.id,
      parentId: opinions.parentId,
      stance: opinions.stance,
      body: opinions.body,
      createdAt: opinions.createdAt,
      hiddenAt: opinions.hiddenAt,
      hiddenReason: opinions.hiddenReason,
      authorId: people.id,
      authorName: people.name,
      authorNumber: people.displayNumber,
      orgId: organisations.id,
      orgName: organisations.name,
      orgKind: organisations.kind,
    })
    .from(opinions)
    .innerJoin(people, eq(opinions.authorId, people.id))
    .leftJoin(organisations, eq(opinions.officialOrganisationId, organisations.id))
    .where(eq(opinions.topicId, topic.id))
    .orderBy(asc(opinions.createdAt), asc(opinions.id));

  const counts = { support: 0, oppose: 0, suggestion: 0, replies: 0, hidden: 0 };
  const threads: OpinionThread[] = [];
  const byId = new Map<number, OpinionThread>();
  const replies: [number, OpinionView][] = [];
  for (const r of rows) {
    const hidden = r.hiddenAt ? { reason: r.hiddenReason ?? "", at: r.hiddenAt } : null;
    const view: OpinionView = {
      id: r.id,
      author: { id: r.authorId, name: r.authorName, displayNumber: r.authorNumber },
      stance: r.stance,
      body: hidden && !mayModerate ? null : r.body,
      official: r.orgId != null && r.orgName != null && r.orgKind != null ? { organisationId: r.orgId, name: r.orgName, kind: r.orgKind } : null,
      hidden,
      createdAt: r.createdAt,
    };
    if (hidden) counts.hidden++;
    else if (r.parentId != null) counts.replies++;
    else if (r.stance) counts[r.stance]++;
    if (r.parentId == null) {
      const thread = { ...view, replies: [] };
      threads.push(thread);
      byId.set(r.id, thread);
    } else {
      replies.push([r.parentId, view]);
    }
  }
  for (const [parentId, reply] of replies) byId.get(parentId)?.replies.push(reply);

  return {
    topicId: topic.id,
    state: topic.state,
    open,
    mayPost: open && mayTakePart,
    mayTakePart,
    mayModerate,
    invited,
    speaksFor: mayTakePart ? await organisationsActorSpeaksFor(db, actor, topic.communityId) : [],
    counts,
    threads,
  };
}
