import { z } from "zod";
import { id, optionalId } from "./common";

/** An optional id from a query string or a form: an empty value arrives as "". */

export const noticeListQuery = z.object({
  communityId: optionalId.meta({ description: "Only this community's notices" }),
  gridId: optionalId.meta({ description: "One grid's board: its own notices and the community-wide ones of its community" }),
  archive: z
    .preprocess((v) => v === "1" || v === "true" || v === true, z.boolean())
    .optional()
    .meta({ description: "1: only the archive of expired notices, without the current ones" }),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1).meta({ description: "Page of the archive, 20 a page" }),
});
export type NoticeListQuery = z.infer<typeof noticeListQuery>;

export const noticeRef = z.object({ noticeId: id });
export const topicNoticesRef = z.object({ topicId: id });
