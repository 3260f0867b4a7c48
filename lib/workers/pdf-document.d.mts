/// <reference types="pdfkit" />

/** A font file pdfkit can embed; `family` picks one face out of a .ttc collection. */
export type CjkFont = { path: string; family?: string };

/** An A4 pdfkit document (`options` are pdfkit's) with `font` registered as "cjk", drawn by `draw`, as bytes. */
export declare function renderPdf(options: PDFKit.PDFDocumentOptions, font: CjkFont, draw: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array<ArrayBuffer>>;
