import { and, asc, eq } from "drizzle-orm";
import { organisations, people, roles } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { topicIdInput } from "@/lib/validation/tasks";

/** Most people a dispatch form lists; beyond that staff put the task on the board or use the API. */
const MAX_PEOPLE = 300;

/** Whom staff may dispatch a topic's task to: the community's organisations and verified people. */
export async function taskAssigneeOptions(ctx: ActorCtx, raw: unknown) {
  const input = topicIdInput.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, input.topicId);
  authorize(actor, "topic.manage", topicResource(topic));
  const orgs = await db
    .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.communityId, topic.communityId))
    .orderBy(asc(organisations.kind), asc(organisations.name), asc(organisations.id));
  const rows = await db
    .selectDistinct({ id: people.id, name: people.name, displayNumber: people.displayNumber })
    .from(people)
    .innerJoin(roles, eq(roles.personId, people.id))
    .where(and(eq(roles.communityId, topic.communityId), eq(people.status, "verified")))
    .orderBy(asc(people.name), asc(people.id))
    .limit(MAX_PEOPLE);
  return { organisations: orgs, people: rows };
}
