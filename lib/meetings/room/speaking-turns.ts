import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { DB, Tx } from "@/db/client";
import { meetingAgendaItems, meetingSpeakers, people } from "@/db/schema";
import { turnSeconds } from "@/lib/domain/meeting-room";

export type SpeakingTurn = { name: string; seconds: number };

/** The turns taken at a meeting, by topic, in the order given: who spoke on which topic and for how long, for the minutes. */
export async function speakingTurnsByTopic(db: DB | Tx, meetingId: number): Promise<Map<number, SpeakingTurn[]>> {
  const rows = await db
    .select({ topicId: meetingAgendaItems.topicId, name: people.name, grantedAt: meetingSpeakers.grantedAt, endedAt: meetingSpeakers.endedAt })
    .from(meetingSpeakers)
    .innerJoin(meetingAgendaItems, eq(meetingAgendaItems.id, meetingSpeakers.agendaItemId))
    .innerJoin(people, eq(people.id, meetingSpeakers.personId))
    .where(and(eq(meetingSpeakers.meetingId, meetingId), eq(meetingSpeakers.status, "done"), isNotNull(meetingSpeakers.grantedAt)))
    .orderBy(asc(meetingSpeakers.grantedAt), asc(meetingSpeakers.id));
  const byTopic = new Map<number, SpeakingTurn[]>();
  for (const r of rows) {
    const list = byTopic.get(r.topicId) ?? [];
    list.push({ name: r.name, seconds: turnSeconds(r.grantedAt!, r.endedAt ?? r.grantedAt!) });
    byTopic.set(r.topicId, list);
  }
  return byTopic;
}
