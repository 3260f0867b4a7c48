// The building-entrance notice (公告栏) laid out as one A4 page: a pure function of the strings
// (already worded in the reader's language by lib/records/entrance-notice-pdf.ts), the QR code's
// URL and the font. It runs in a worker thread (lib/workers/tasks.mjs re-exports it), so it is a
// plain .mjs module that imports node_modules packages only.
import QRCode from "qrcode";
import { renderPdf } from "../workers/pdf-document.mjs";

/**
 * { notice: { letterhead, heading, title, lines, qrUrl, qrCaption, help, issuer, date }, font } →
 * the PDF as bytes. Large type: it is read standing in a stairwell, by people of every age.
 */
export async function entranceNoticePdf({ notice, font }) {
  const qr = await QRCode.toBuffer(notice.qrUrl, { type: "png", width: 600, margin: 2, errorCorrectionLevel: "M" });
  return renderPdf({ margin: 56, info: { Title: `${notice.heading} ${notice.title}` } }, font, (doc) => {
    const width = doc.page.width - 112;
    doc.fillColor("#b91c1c").fontSize(20).text(notice.letterhead, { align: "center", characterSpacing: 2 });
    const y = doc.y + 6;
    doc.moveTo(56, y).lineTo(doc.page.width - 56, y).lineWidth(2).strokeColor("#b91c1c").stroke();
    doc.moveDown(1.2).fillColor("#000").fontSize(40).text(notice.heading, { align: "center", characterSpacing: 12 });
    doc.moveDown(0.6).fontSize(26).text(notice.title, { align: "center", width });
    doc.moveDown(0.8).fontSize(18);
    for (const line of notice.lines) doc.text(line, { width }).moveDown(0.3);
    const size = 200;
    const top = Math.max(doc.y + 20, 470);
    doc.image(qr, (doc.page.width - size) / 2, top, { width: size, height: size });
    doc.y = top + size + 8;
    doc.fontSize(16).text(notice.qrCaption, 56, doc.y, { align: "center", width });
    doc.moveDown(0.8).fontSize(14).fillColor("#333").text(notice.help, { align: "center", width });
    doc.fontSize(16).fillColor("#000").text(notice.issuer, 56, doc.page.height - 140, { align: "right", width });
    doc.text(notice.date, { align: "right", width });
  });
}
