// The pdfkit set-up every PDF of the app shares (topic record, activation letters, entrance
// notice): a document with the CJK font, collected into bytes. Loaded by the layouts that
// lib/workers/tasks.mjs re-exports, so it is a plain .mjs module that imports node_modules only.
import PDFDocument from "pdfkit";

/**
 * Opens an A4 document with `options` (pdfkit's), registers `font` as "cjk", hands it to `draw`,
 * and resolves with the finished PDF as bytes. The font is the document's from the start (pdfkit
 * keeps it across pages), also for a layout that adds its own pages (autoFirstPage: false).
 */
export function renderPdf(options, font, draw) {
  return new Promise((resolve, reject) => {
    // No default font: pdfkit would otherwise load Helvetica, which has no Chinese glyphs.
    const doc = new PDFDocument({ size: "A4", ...options, font: null });
    const chunks = [];
    doc.on("data", (c) => chunks.push(c));
    doc.on("end", () => {
      const pdf = Buffer.concat(chunks);
      // A fresh ArrayBuffer of exactly the PDF, handed over from the worker without a copy.
      const bytes = new Uint8Array(pdf.length);
      bytes.set(pdf);
      resolve(bytes);
    });
    doc.on("error", reject);
    try {
      doc.registerFont("cjk", font.path, font.family);
      doc.font("cjk");
      draw(doc);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}
