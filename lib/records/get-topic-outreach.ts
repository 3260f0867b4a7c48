import { can } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { publicRecordRef } from "@/lib/validation/records";
import { hasPublicRecord } from "./get-public-record";
import { cosignShareLink } from "./get-cosign-card";

export type TopicOutreach = {
  /** The co-sign share card's path while the topic collects co-signatures (anyone who sees the topic may pass it on). */
  sharePath: string | null;
  /** The public record's path once a notice of the topic is posted. */
  recordPath: string | null;
  /** The entrance notice PDF, for the staff who own the topic. */
  entranceNoticePath: string | null;
};

/** The ways the topic page offers to reach residents outside the app, for this reader. */
export async function getTopicOutreach(ctx: ActorCtx, raw: unknown, now = new Date()): Promise<TopicOutreach> {
  const { topicId } = publicRecordRef.parse(raw);
  const topic = await loadVisibleTopic(ctx.db, ctx.actor, topicId);
  return {
    sharePath: await cosignShareLink(ctx, { topicId }, now),
    recordPath: await hasPublicRecord(ctx.db, topic.id, now) ? `/records/${topic.id}` : null,
    entranceNoticePath: can(ctx.actor, "topic.manage", topicResource(topic)) ? `/topics/${topic.id}/entrance-notice.pdf` : null,
  };
}
