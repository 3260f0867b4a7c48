// The topic record laid out as a PDF: a pure function of the record (plain data, gathered by
// getTopicRecord in topic-record.ts), the font and the time it is generated. It runs in a worker
// thread (lib/workers/tasks.mjs re-exports it), so it is a plain .mjs module that imports
// node_modules packages only: `next start` loads it from disk at run time, the bundler never sees it.
import PDFDocument from "pdfkit";

/**
 * { record, font, generatedAt } → the topic record PDF as bytes. `record` is a TopicRecord
 * (lib/exports/topic-record.ts), already gathered from the database; nothing here reads anything
 * but the font file.
 */
export function topicRecordPdf({ record, font, generatedAt }) {
  return new Promise((resolve, reject) => {
    // No default font: pdfkit would otherwise load Helvetica, which has no Chinese glyphs.
    const doc = new PDFDocument({ size: "A4", margin: 50, font: null, info: { Title: `议题记录 #${record.id} ${record.title}` } });
    const chunks = [];
    doc.on("data", (c) => chunks.push(c));
    doc.on("end", () => {
      const pdf = Buffer.concat(chunks);
      // A fresh ArrayBuffer of exactly the PDF, handed over without a copy.
      const bytes = new Uint8Array(pdf.length);
      bytes.set(pdf);
      resolve(bytes);
    });
    doc.on("error", reject);
    try {
      doc.registerFont("cjk", font.path, font.family);
      doc.font("cjk");
      const heading = (text) => {
        doc.moveDown(0.8).fontSize(14).fillColor("#000").text(text).moveDown(0.3).fontSize(10.5);
      };
      const line = (text) => doc.fontSize(10.5).fillColor("#222").text(text);
      const none = () => doc.fontSize(10.5).fillColor("#777").text("（无）");

      doc.fontSize(18).text(record.title, { align: "center" });
      doc.moveDown(0.3).fontSize(10).fillColor("#555").text(`议题记录 · 编号 ${record.id} · 生成于 ${generatedAt}（北京时间）`, { align: "center" });

      heading("基本信息");
      line(`网格：${record.grid}`);
      line(`清单事项：${record.item}`);
      line(`发起人：${record.proposer}`);
      line(`阶段：${record.state}`);
      line(`发起时间：${record.createdAt}`);
      if (record.closedAt) line(`办结时间：${record.closedAt}`);

      heading("议题描述");
      if (record.description) line(record.description);
      else none();

      heading("办理进程");
      if (!record.timeline.length) none();
      for (const e of record.timeline) line(`${e.at}  ${e.actor}：${e.what}${e.note ? `（${e.note}）` : ""}`);

      heading("议事会结论");
      if (!record.conclusions.length) none();
      for (const c of record.conclusions) line(`${c.at}《${c.meeting}》：${c.conclusion}`);

      heading("方案");
      if (!record.plans.length) none();
      for (const p of record.plans) {
        line(`《${p.title}》（第 ${p.revision} 版）`);
        line(`  责任方：${p.responsible || "—"}；预算：${p.budget}；完成期限：${p.deadline || "—"}`);
      }

      heading("表决结果");
      if (!record.ballots.length) none();
      for (const b of record.ballots) {
        line(`${b.title}（${b.rule}）：${b.passed ? "通过" : "未通过"}`);
        // The announced period, as the resolution states it; an early close is said as such.
        line(`  公布的投票期：${b.opensAt} 至 ${b.closesAt}${b.earlyClose ? "" : "，按期结束"}`);
        if (b.earlyClose) line(`  于 ${b.earlyClose.at} 提前结束，早于公布的截止时间，依据：${b.earlyClose.ground}`);
        line(`  ${b.figures.map(([k, v]) => `${k}：${v}`).join("；")}`);
      }

      heading("决议");
      if (!record.resolutions.length) none();
      for (const r of record.resolutions) {
        line(`${r.number}　${r.title}`);
        line(r.text);
      }

      heading("监督评价");
      if (!record.ratings.length) none();
      for (const r of record.ratings) {
        line(`第 ${r.round} 轮：督导员 ${r.count} 位`);
        line(`  平均分：${r.means.map(([k, v]) => `${k} ${v}`).join("；")}`);
        line(`  居民满意度：${r.satisfaction.map(([k, v]) => `${k} ${v}`).join("；")}`);
      }
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}
