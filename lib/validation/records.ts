import { z } from "zod";
import { id } from "./common";

/** A topic's public decision record. */
export const publicRecordRef = z.object({ topicId: id });

/** A co-sign share card: the topic and the key of its share link (lib/records/share-key.ts). */
export const cosignCardRef = z.object({ topicId: id, key: z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "shareLinkInvalid" }) });

/** The call list of an open ballot. */
export const callListRef = z.object({ ballotId: id });

/** The printable entrance notice of a topic. */
export const entranceNoticeRef = z.object({ topicId: id });
