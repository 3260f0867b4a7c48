import type { CjkFont } from "@/lib/workers/pdf-document.mjs";
import type { ActivationLetters } from "./issue-letters";

/** The link a household member's QR code opens. */
export declare function activationUrl(origin: string, code: string): string;

/** The letters as an A4 PDF (bytes), one page per household, then one per staff member. `expiresAt` may be a date or its ISO text (it is not read). */
export declare function activationLettersPdf(input: { letters: Pick<ActivationLetters, "letterhead" | "expiresOn" | "households"> & Partial<Pick<ActivationLetters, "staff">>; font: CjkFont; origin: string }): Promise<Uint8Array<ArrayBuffer>>;
