import { z } from "zod";
import { speakingSecondsMax, speakingSecondsMin } from "@/lib/domain/meeting-room";
import { id, optionalId } from "./common";
import { meetingQuorum } from "./meetings";

/** Inputs of the live meeting room's use cases (lib/meetings/room/). Messages are keys under `errors.`. */

export const roomRef = z.object({ meetingId: id });

export const startMeetingInput = z.object({
  meetingId: id,
  chairPersonId: optionalId.meta({ description: "A designated chair besides the grid's staff (a verified person of the community)" }),
});

export const moveAgendaInput = z.object({ meetingId: id, agendaItemId: id });

export const recordConclusionInput = z.object({
  meetingId: id,
  agendaItemId: id,
  conclusion: z.string({ error: "conclusionTooLong" }).trim().max(2000, { error: "conclusionTooLong" }),
});

export const speakerRef = z.object({ meetingId: id, speakerId: id });

export const setSpeakingTimeInput = z.object({
  meetingId: id,
  speakingSeconds: z.coerce
    .number({ error: "speakingSecondsInvalid" })
    .int({ error: "speakingSecondsInvalid" })
    .min(speakingSecondsMin, { error: "speakingSecondsInvalid" })
    .max(speakingSecondsMax, { error: "speakingSecondsInvalid" }),
});

export const closeLiveVoteInput = z.object({ meetingId: id, ballotId: id });

/** The chair sets the meeting's quorum on the console before the start (blank clears it). */
export const setQuorumInput = z.object({ meetingId: id, quorumRequired: meetingQuorum });
