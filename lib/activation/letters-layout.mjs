// The household activation letters laid out as a PDF, one A4 page per household: a pure function
// of the letters (plain data from issueActivationLetters), the font and the public origin. It runs
// in a worker thread (lib/workers/tasks.mjs re-exports it), so it is a plain .mjs module that
// imports node_modules packages only: `next start` loads it from disk at run time.
import QRCode from "qrcode";
import { renderPdf } from "../workers/pdf-document.mjs";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;

/** The link a household member's QR code opens: the activation page with their code filled in. */
export function activationUrl(origin, code) {
  return `${origin}/activate?code=${encodeURIComponent(code)}`;
}

/** A QR code drawn as vector squares: sharp when printed, no image to decode. Medium error correction survives a crease. */
function drawQr(doc, text, x, y, size) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save().rect(x, y, size, size).fill("#ffffff").fillColor("#000000");
  // One rectangle per horizontal run of dark modules, not per module: a third of the drawing work
  // for 2,500 codes.
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      let end = c;
      while (end + 1 < n && qr.modules.get(r, end + 1)) end++;
      doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, (end - c + 1) * cell + 0.05, cell + 0.05);
      c = end;
    }
  }
  doc.fill("#000000").restore();
}

const roleLabel = { owner: "业主", resident: "住户" };

function letterPage(doc, { letterhead, expiresOn, household, origin }) {
  const width = A4.width - 2 * MARGIN;
  const text = (s, size, opts = {}) =>
    doc.fontSize(size).fillColor(opts.color ?? "#000").text(s, opts.x ?? MARGIN, opts.y, { width: opts.width ?? width, align: opts.align ?? "left", lineGap: opts.lineGap ?? 2, lineBreak: opts.lineBreak ?? true });

  // Letterhead, as notices print it.
  const head = [letterhead.district, letterhead.street, letterhead.community].filter(Boolean).join(" ");
  text(head, 13, { y: MARGIN, align: "center", color: "#444" });
  doc.moveTo(MARGIN, MARGIN + 22).lineTo(A4.width - MARGIN, MARGIN + 22).lineWidth(1).stroke("#888");
  text("账号激活通知", 26, { y: MARGIN + 34, align: "center" });
  text(`${household.grid}　${household.building}　${household.unit} 室`, 17, { y: MARGIN + 76, align: "center" });

  text("尊敬的住户：", 15, { y: MARGIN + 112 });
  text("社区已根据业主名册（住户名单）为您家登记了议事厅账号。请每位家庭成员用自己名字旁的激活码激活，之后就可以在手机上参与网格议事和表决。激活码只给本人用，请不要告诉别人。", 14, { y: MARGIN + 136, lineGap: 4 });

  // Each member: name, code (real text, so it can be read out, copied and searched), QR.
  const top = MARGIN + 210;
  const stepsHeight = 205;
  const room = A4.height - MARGIN - stepsHeight - top;
  // More than six members: two columns, so a big household still fits its one page.
  const n = household.people.length;
  const cols = n > 6 ? 2 : 1;
  const rows = Math.ceil(n / cols);
  const gap = 8;
  const colWidth = (width - (cols - 1) * gap) / cols;
  const block = Math.min(118, room / Math.max(1, rows));
  const qrSize = Math.max(24, Math.min(cols === 1 ? 104 : 60, block - 10));
  const size = cols === 1 ? (qrSize > 70 ? { name: 17, code: 24, line: 28 } : block >= 46 ? { name: 13, code: 16, line: 18 } : { name: 10, code: 11, line: 12 }) : block >= 46 ? { name: 12, code: 14, line: 16 } : { name: 9, code: 10, line: 11 };
  household.people.forEach((p, i) => {
    const x = MARGIN + (i % cols) * (colWidth + gap);
    const y = top + Math.floor(i / cols) * block;
    doc.roundedRect(x, y, colWidth, block - 6, 6).lineWidth(0.8).stroke("#bbb");
    const textTop = y + Math.max(3, (block - 6 - size.line - size.code - 6) / 2);
    const textWidth = colWidth - qrSize - 30;
    // Never wrapped — a code split over two lines would be misread — but made smaller until it fits
    // (pdfkit drops what does not fit a line it may not break).
    const fit = (line, preferred) => {
      let sz = preferred;
      while (sz > 6 && doc.fontSize(sz).widthOfString(line) > textWidth) sz -= 0.5;
      return sz;
    };
    const nameLine = `${p.name}（${roleLabel[p.role] ?? ""}）`;
    const codeLine = `激活码：${p.code}`;
    text(nameLine, fit(nameLine, size.name), { x: x + 12, y: textTop, width: textWidth, lineBreak: false });
    text(codeLine, fit(codeLine, size.code), { x: x + 12, y: textTop + size.line, width: textWidth, lineBreak: false });
    const qrX = x + colWidth - qrSize - 8;
    const qrY = y + (block - 6 - qrSize) / 2;
    drawQr(doc, activationUrl(origin, p.code), qrX, qrY, qrSize);
    // A letter read on a screen: tapping the code opens the same link the camera would.
    doc.link(qrX, qrY, qrSize, qrSize, activationUrl(origin, p.code));
  });

  // Expiry and the three steps, in large type for older residents.
  const stepsTop = A4.height - MARGIN - stepsHeight + 6;
  const [yy, mm, dd] = expiresOn.split("-").map(Number);
  text(`激活码有效期至 ${yy}年${mm}月${dd}日，过期请找网格员重新领取。`, 15, { y: stepsTop });
  text("激活只需三步：", 15, { y: stepsTop + 30 });
  const steps = [
    `1. 用手机扫描自己名字旁的二维码（或在浏览器打开 ${origin}/activate，输入激活码）。`,
    "2. 填写您登记的手机号，设置自己的登录密码（至少 8 位，不要用生日、重复或连续的数字）。",
    "3. 点“激活账号”，成功后用手机号和新密码登录。每个激活码只能用一次。",
  ];
  let y = stepsTop + 54;
  for (const s of steps) {
    text(s, 14, { y, x: MARGIN + 10, width: width - 10, lineGap: 3 });
    y = doc.y + 6;
  }
  const contact = household.contact ? `有疑问请联系网格员 ${household.contact.name}，电话 ${household.contact.phone}。` : `有疑问请联系${household.grid}网格员。`;
  text(contact, 14, { y: Math.max(y + 4, A4.height - MARGIN - 22) });
}

/** A staff member's letter: their roles and scopes, their code and QR, the same three steps. */
function staffPage(doc, { letterhead, expiresOn, person, origin }) {
  const width = A4.width - 2 * MARGIN;
  const text = (s, size, opts = {}) => doc.fontSize(size).fillColor(opts.color ?? "#000").text(s, opts.x ?? MARGIN, opts.y, { width: opts.width ?? width, align: opts.align ?? "left", lineGap: opts.lineGap ?? 2, lineBreak: opts.lineBreak ?? true });
  const head = [letterhead.district, letterhead.street, letterhead.community].filter(Boolean).join(" ");
  text(head, 13, { y: MARGIN, align: "center", color: "#444" });
  doc.moveTo(MARGIN, MARGIN + 22).lineTo(A4.width - MARGIN, MARGIN + 22).lineWidth(1).stroke("#888");
  text("工作人员账号激活通知", 26, { y: MARGIN + 34, align: "center" });
  text(`${person.name}：`, 15, { y: MARGIN + 84 });
  text("社区已根据工作人员名单为您登记了议事厅账号和以下职务。请用下面的激活码激活，之后就可以在手机上处理网格议事。激活码只给本人用，请不要告诉别人。", 14, { y: MARGIN + 108, lineGap: 4 });
  // The roles, one a line (a person may hold several); at most eight shown, the rest counted.
  let y = MARGIN + 178;
  text("您的职务：", 15, { y });
  y = doc.y + 4;
  const shown = person.roles.slice(0, 8);
  for (const line of shown) {
    text(line, 15, { y, x: MARGIN + 16, width: width - 16, lineBreak: false });
    y += 21;
  }
  if (person.roles.length > shown.length) {
    text(`等 ${person.roles.length} 项`, 13, { y, x: MARGIN + 16, color: "#444" });
    y += 21;
  }
  // The code as text (read out, copied) and the QR, in one box as on a household letter.
  const boxTop = y + 14;
  const qrSize = 120;
  doc.roundedRect(MARGIN, boxTop, width, qrSize + 20, 6).lineWidth(0.8).stroke("#bbb");
  const codeLine = `激活码：${person.code}`;
  text(codeLine, 24, { x: MARGIN + 14, y: boxTop + (qrSize + 20) / 2 - 14, width: width - qrSize - 40, lineBreak: false });
  const qrX = MARGIN + width - qrSize - 10;
  drawQr(doc, activationUrl(origin, person.code), qrX, boxTop + 10, qrSize);
  doc.link(qrX, boxTop + 10, qrSize, qrSize, activationUrl(origin, person.code));

  const [yy, mm, dd] = expiresOn.split("-").map(Number);
  let sy = boxTop + qrSize + 40;
  text(`激活码有效期至 ${yy}年${mm}月${dd}日，过期请找社区管理员重新领取。`, 15, { y: sy });
  sy = doc.y + 10;
  const steps = [
    `1. 用手机扫描上面的二维码（或在浏览器打开 ${origin}/activate，输入激活码）。`,
    "2. 填写您登记的手机号，设置自己的登录密码（至少 8 位，不要用生日、重复或连续的数字）。",
    "3. 点“激活账号”，成功后用手机号和新密码登录。激活码只能用一次。",
  ];
  for (const s of steps) {
    text(s, 14, { y: sy, x: MARGIN + 10, width: width - 10, lineGap: 3 });
    sy = doc.y + 6;
  }
  const contact = person.contact ? `有疑问请联系社区管理员 ${person.contact.name}，电话 ${person.contact.phone}。` : "有疑问请联系社区管理员。";
  text(contact, 14, { y: Math.max(sy + 4, A4.height - MARGIN - 22) });
}

/**
 * { letters, font, origin } → the letters PDF as bytes, one page per household, then one per staff member. `letters` is what
 * issueActivationLetters returned (lib/activation/issue-letters.ts).
 */
export function activationLettersPdf({ letters, font, origin }) {
  // No automatic page breaks: each household is laid out on its own page by coordinates.
  return renderPdf({ margin: MARGIN, autoFirstPage: false, info: { Title: `账号激活通知 ${letters.letterhead.community}` } }, font, (doc) => {
    for (const household of letters.households) {
      doc.addPage({ size: "A4", margin: 0 });
      letterPage(doc, { letterhead: letters.letterhead, expiresOn: letters.expiresOn, household, origin });
    }
    for (const person of letters.staff ?? []) {
      doc.addPage({ size: "A4", margin: 0 });
      staffPage(doc, { letterhead: letters.letterhead, expiresOn: letters.expiresOn, person, origin });
    }
  });
}
