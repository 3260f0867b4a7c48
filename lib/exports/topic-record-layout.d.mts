import type { TopicRecord } from "./topic-record";
import type { CjkFont } from "@/lib/workers/pdf-document.mjs";

export type { CjkFont };

/** The record's headings and field names (the message catalog's topics.record, figures left out). */
export type TopicRecordLabels = Omit<(typeof import("@/lib/i18n/messages/zh-CN/topics.json"))["record"], "figures">;

/** The topic record laid out as an A4 PDF (bytes), with `generatedAt` (Beijing time) in its heading. */
export declare function topicRecordPdf(input: { record: TopicRecord; font: CjkFont; generatedAt: string; labels: TopicRecordLabels }): Promise<Uint8Array<ArrayBuffer>>;
