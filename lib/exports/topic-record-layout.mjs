// The topic record laid out as a PDF: a pure function of the record (plain data, gathered by
// getTopicRecord in topic-record.ts), the font and the time it is generated. It runs in a worker
// thread (lib/workers/tasks.mjs re-exports it), so it is a plain .mjs module that imports
// node_modules packages only: `next start` loads it from disk at run time, the bundler never sees it.
import { renderPdf } from "../workers/pdf-document.mjs";

/** A message's {placeholders} filled in. */
const fill = (template, data) => template.replace(/\{(\w+)\}/g, (_, k) => (data[k] == null ? "" : String(data[k])));

/**
 * { record, font, generatedAt, labels } → the topic record PDF as bytes. `record` is a TopicRecord
 * (lib/exports/topic-record.ts), already gathered from the database; `labels` are its headings and
 * field names from the message catalog (topics.record), so no word is written here; nothing here
 * reads anything but the font file.
 */
export function topicRecordPdf({ record, font, generatedAt, labels: l }) {
  return renderPdf({ margin: 50, info: { Title: fill(l.documentTitle, { id: record.id, title: record.title }) } }, font, (doc) => {
    const heading = (text) => {
      doc.moveDown(0.8).fontSize(14).fillColor("#000").text(text).moveDown(0.3).fontSize(10.5);
    };
    const line = (text) => doc.fontSize(10.5).fillColor("#222").text(text);
    const none = () => doc.fontSize(10.5).fillColor("#777").text(l.none);

    doc.fontSize(18).text(record.title, { align: "center" });
    doc.moveDown(0.3).fontSize(10).fillColor("#555").text(fill(l.subtitle, { id: record.id, at: generatedAt }), { align: "center" });

    heading(l.basics);
    line(fill(l.grid, { value: record.grid }));
    line(fill(l.item, { value: record.item }));
    line(fill(l.proposer, { value: record.proposer }));
    line(fill(l.state, { value: record.state }));
    line(fill(l.createdAt, { value: record.createdAt }));
    if (record.closedAt) line(fill(l.closedAt, { value: record.closedAt }));

    heading(l.description);
    if (record.description) line(record.description);
    else none();

    heading(l.timeline);
    if (!record.timeline.length) none();
    for (const e of record.timeline) line(`${e.at}  ${e.actor}：${e.what}${e.note ? `（${e.note}）` : ""}`);

    heading(l.conclusions);
    if (!record.conclusions.length) none();
    for (const c of record.conclusions) line(`${c.at}《${c.meeting}》：${c.conclusion}`);

    heading(l.plans);
    if (!record.plans.length) none();
    for (const p of record.plans) {
      line(fill(l.planLine, { title: p.title, revision: p.revision }));
      line(`  ${fill(l.planTerms, { responsible: p.responsible || "—", budget: p.budget, deadline: p.deadline || "—" })}`);
    }

    heading(l.ballots);
    if (!record.ballots.length) none();
    for (const b of record.ballots) {
      line(`${b.title}（${b.rule}）：${b.passed ? l.passed : l.failed}`);
      // The announced period, as the resolution states it; an early close is said as such.
      line(`  ${fill(l.period, { opensAt: b.opensAt, closesAt: b.closesAt })}${b.earlyClose ? "" : l.onTime}`);
      if (b.earlyClose) line(`  ${fill(l.earlyClose, b.earlyClose)}`);
      for (const [k, v] of b.figures) line(`  ${k}：${v}`);
    }

    heading(l.resolutions);
    if (!record.resolutions.length) none();
    for (const r of record.resolutions) {
      line(`${r.number}　${r.title}`);
      line(r.text);
    }

    heading(l.ratings);
    if (!record.ratings.length) none();
    for (const r of record.ratings) {
      line(fill(l.round, { round: r.round, count: r.count }));
      line(`  ${fill(l.means, { value: r.means.map(([k, v]) => `${k} ${v}`).join("；") })}`);
      line(`  ${fill(l.satisfaction, { value: r.satisfaction.map(([k, v]) => `${k} ${v}`).join("；") })}`);
    }
  });
}
