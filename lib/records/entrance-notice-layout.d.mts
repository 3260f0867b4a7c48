import type { CjkFont } from "@/lib/workers/pdf-document.mjs";

export type EntranceNoticeSheet = {
  letterhead: string;
  heading: string;
  title: string;
  lines: string[];
  qrUrl: string;
  qrCaption: string;
  help: string;
  issuer: string;
  date: string;
};

export function entranceNoticePdf(input: { notice: EntranceNoticeSheet; font: CjkFont }): Promise<Uint8Array<ArrayBuffer>>;
