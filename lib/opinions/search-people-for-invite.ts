import { and, asc, eq, inArray, or, sql, type Column } from "drizzle-orm";
import { organisations, people, roles, topicInvitations, type RoleKind } from "@/db/schema";
import { authorize } from "@/lib/auth/policy";
import type { ActorCtx } from "@/lib/context";
import { loadVisibleTopic, topicResource } from "@/lib/topics/access";
import { searchInviteesQuery } from "@/lib/validation/opinions";
import { inviteableIn } from "./invitees";

export type InviteCandidate = {
  id: number;
  name: string;
  displayNumber: string;
  /** Enough of the number to tell two people of the same name apart, not enough to call them. */
  maskedPhone: string;
  roles: RoleKind[];
  /** Think tanks, property firm or committee they belong to. */
  organisations: string[];
  invited: boolean;
};

export const INVITE_SEARCH_LIMIT = 20;

/** LIKE treats % and _ as wildcards: a search for "_" should find an underscore, not everybody. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const maskPhone = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : "****");

/** For the topic's staff: people of the topic's community found by name, phone or display number. */
export async function searchPeopleForInvite(ctx: ActorCtx, raw: unknown): Promise<InviteCandidate[]> {
  const { topicId, q } = searchInviteesQuery.parse(raw);
  const { db, actor } = ctx;
  const topic = await loadVisibleTopic(db, actor, topicId);
  authorize(actor, "topic.manage", topicResource(topic));

  const pattern = `%${likeEscape(q)}%`;
  // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not (display numbers are capitals).
  const matches = (column: Column) => sql`lower(${column}) like lower(${pattern}) escape '\\'`;
  const found = await db
    .select({ id: people.id, name: people.name, displayNumber: people.displayNumber, phone: people.phone })
    .from(people)
    .where(and(inviteableIn(topic.communityId), or(matches(people.name), matches(people.phone), matches(people.displayNumber))))
    .orderBy(asc(people.name), asc(people.id))
    .limit(INVITE_SEARCH_LIMIT);
  if (found.length === 0) return [];
  const ids = found.map((p) => p.id);

  const held = await db
    .select({ personId: roles.personId, role: roles.role, organisation: organisations.name })
    .from(roles)
    .leftJoin(organisations, eq(roles.organisationId, organisations.id))
    .where(and(inArray(roles.personId, ids), eq(roles.communityId, topic.communityId)));
  const invited = new Set(
    (await db
      .select({ personId: topicInvitations.personId })
      .from(topicInvitations)
      .where(and(eq(topicInvitations.topicId, topic.id), inArray(topicInvitations.personId, ids))))
      .map((r) => r.personId),
  );

  return found.map((p) => {
    const mine = held.filter((h) => h.personId === p.id);
    return {
      id: p.id,
      name: p.name,
      displayNumber: p.displayNumber,
      maskedPhone: maskPhone(p.phone),
      roles: [...new Set(mine.map((h) => h.role))],
      organisations: [...new Set(mine.flatMap((h) => (h.organisation ? [h.organisation] : [])))],
      invited: invited.has(p.id),
    };
  });
}
