import type { TopicRecord } from "./topic-record";

/** A font file pdfkit can embed; `family` picks one face out of a .ttc collection. */
export type CjkFont = { path: string; family?: string };

/** The record's headings and field names (the message catalog's topics.record, figures left out). */
export type TopicRecordLabels = Omit<(typeof import("@/lib/i18n/messages/zh-CN/topics.json"))["record"], "figures">;

/** The topic record laid out as an A4 PDF (bytes), with `generatedAt` (Beijing time) in its heading. */
export declare function topicRecordPdf(input: { record: TopicRecord; font: CjkFont; generatedAt: string; labels: TopicRecordLabels }): Promise<Uint8Array<ArrayBuffer>>;
