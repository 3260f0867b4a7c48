import fs from "node:fs";
import path from "node:path";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { DB } from "@/db/client";
import {
  agendaItems,
  ballots,
  grids,
  meetingAgendaItems,
  meetings,
  organisations,
  people,
  planRevisions,
  plans,
  resolutions,
  satisfactionVotes,
  supervisionRatings,
  topicEvents,
  type Topic,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { earlyCloseGrounds } from "@/lib/ballots/resolution-text";
import { describeError } from "@/lib/describe-error";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";
import { plainText } from "@/lib/richtext/document";
import { loadVisibleTopic } from "@/lib/topics/access";
import { runTask } from "@/lib/workers/pool";
import { shanghaiDateTime } from "@/lib/time";

const zh = messages["zh-CN"];
const stateLabels = zh.topics.states as Record<string, string>;
const eventLabels = zh.topics.events as Record<string, string>;
const ruleLabels = zh.ballots.rules as Record<string, string>;

// ── The CJK font: Chinese text is never written with a font that lacks its glyphs.

export const defaultCjkFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const fontRoot = "/usr/share/fonts";

export type CjkFont = { path: string; family?: string };

/** The PostScript name pdfkit needs to pick the Simplified Chinese face out of a Noto .ttc collection. */
function familyFor(file: string): string | undefined {
  if (!file.toLowerCase().endsWith(".ttc")) return undefined;
  const base = path.basename(file);
  if (/^NotoSerifCJK-/i.test(base)) return "NotoSerifCJKsc-Regular";
  return "NotoSansCJKsc-Regular";
}

function findUnder(dir: string, depth: number): string | null {
  if (depth < 0) return null;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  const files = entries.filter((e) => e.isFile() && /cjk/i.test(e.name) && /\.(ttc|otf|ttf)$/i.test(e.name) && /regular/i.test(e.name));
  // Sans before serif, a .ttc (whose family name we know) before the rest.
  files.sort((a, b) => Number(/serif/i.test(a.name)) - Number(/serif/i.test(b.name)) || Number(!/\.ttc$/i.test(a.name)) - Number(!/\.ttc$/i.test(b.name)));
  if (files[0]) return path.join(dir, files[0].name);
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const found = findUnder(path.join(dir, e.name), depth - 1);
    if (found) return found;
  }
  return null;
}

/**
 * The CJK font to write with: the given path when it exists (tests), else the fonts-noto-cjk file,
 * else any *CJK* regular font under /usr/share/fonts; null when the server has none.
 */
export function findCjkFont(preferred: string = defaultCjkFontPath): CjkFont | null {
  // The font is read at run time from wherever it is installed: nothing to trace into the build.
  if (fs.existsSync(/*turbopackIgnore: true*/ preferred)) return { path: preferred, family: familyFor(preferred) };
  if (preferred !== defaultCjkFontPath) return null;
  const found = findUnder(fontRoot, 4);
  return found ? { path: found, family: familyFor(found) } : null;
}

// ── What goes into the record

export type TopicRecord = {
  id: number;
  title: string;
  grid: string;
  item: string;
  proposer: string;
  state: string;
  createdAt: string;
  closedAt: string;
  description: string;
  timeline: { at: string; actor: string; what: string; note: string }[];
  conclusions: { meeting: string; at: string; conclusion: string }[];
  plans: { title: string; revision: number; responsible: string; budget: string; deadline: string }[];
  /**
   * The period as announced (opensAt → closesAt, never rewritten) and, when staff closed the ballot
   * before closesAt, when and on which ground — worded as the resolution words it.
   */
  ballots: {
    title: string;
    rule: string;
    passed: boolean;
    opensAt: string;
    closesAt: string;
    earlyClose: { at: string; ground: string } | null;
    figures: [string, string][];
  }[];
  resolutions: { number: string; title: string; text: string }[];
  ratings: { round: number; count: number; means: [string, string][]; satisfaction: [string, number][] }[];
};

const dimensions = [
  ["process", "过程规范"],
  ["timeliness", "办理时效"],
  ["quality", "完成质量"],
  ["transparency", "公开透明"],
  ["satisfaction", "群众满意"],
] as const;

const satisfactionLabels = { satisfied: "满意", basicallySatisfied: "基本满意", notSatisfied: "不满意" } as const;

function fill(template: string, data: Record<string, unknown> | null): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = data?.[k];
    return v == null ? "" : String(v);
  });
}

/** The primitive figures of a ballot's tally, as label/value pairs in their stored order. */
function figuresOf(result: Record<string, unknown> | null): [string, string][] {
  if (!result) return [];
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(result)) {
    if (v == null) continue;
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") out.push([k, String(v)]);
    else if (typeof v === "object" && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) {
        if (typeof v2 === "number" || typeof v2 === "string" || typeof v2 === "boolean") out.push([`${k}.${k2}`, String(v2)]);
      }
    }
  }
  return out;
}

const yuan = (fen: number) => `${(fen / 100).toFixed(2)} 元`;

/** Gathers the whole record of a topic. Only published minutes and closed ballots are included. */
export function loadTopicRecord(db: DB, topic: Topic): TopicRecord {
  const head = db
    .select({ grid: grids.name, item: agendaItems.name, proposer: people.name })
    .from(grids)
    .innerJoin(agendaItems, eq(agendaItems.id, topic.agendaItemId))
    .innerJoin(people, eq(people.id, topic.proposerId))
    .where(eq(grids.id, topic.gridId))
    .get();

  const timeline = db
    .select({ e: topicEvents, actor: people.name })
    .from(topicEvents)
    .leftJoin(people, eq(people.id, topicEvents.actorId))
    .where(eq(topicEvents.topicId, topic.id))
    .orderBy(asc(topicEvents.at), asc(topicEvents.id))
    .all()
    .map(({ e, actor }) => ({
      at: shanghaiDateTime(e.at),
      actor: actor ?? "系统",
      what: eventLabels[e.kind] ? fill(eventLabels[e.kind]!, e.data ?? null) : e.kind,
      note: e.note ?? "",
    }));

  const conclusions = db
    .select({ title: meetings.title, at: meetings.startsAt, conclusion: meetingAgendaItems.conclusion })
    .from(meetingAgendaItems)
    .innerJoin(meetings, eq(meetings.id, meetingAgendaItems.meetingId))
    .where(and(eq(meetingAgendaItems.topicId, topic.id), isNotNull(meetings.minutesPublishedAt)))
    .orderBy(asc(meetings.startsAt))
    .all()
    .filter((m) => m.conclusion.trim())
    .map((m) => ({ meeting: m.title, at: shanghaiDateTime(m.at), conclusion: m.conclusion }));

  const planRows = db
    .select({ p: plans, r: planRevisions, org: organisations.name, person: people.name })
    .from(plans)
    .innerJoin(planRevisions, and(eq(planRevisions.planId, plans.id), eq(planRevisions.number, plans.currentRevision)))
    .leftJoin(organisations, eq(organisations.id, planRevisions.responsibleOrganisationId))
    .leftJoin(people, eq(people.id, planRevisions.responsiblePersonId))
    .where(eq(plans.topicId, topic.id))
    .orderBy(asc(plans.id))
    .all()
    .map(({ p, r, org, person }) => ({
      title: p.title,
      revision: r.number,
      responsible: [org, person, r.responsibleText].filter((x) => x && x.trim()).join("；"),
      budget: yuan(r.budgetFen),
      deadline: r.deadline ?? "",
    }));

  const ballotRows = db
    .select()
    .from(ballots)
    .where(and(eq(ballots.topicId, topic.id), eq(ballots.status, "closed")))
    .orderBy(asc(ballots.id))
    .all()
    .map((b) => ({
      title: b.title,
      rule: ruleLabels[b.rule] ?? b.rule,
      passed: !!b.passed,
      opensAt: shanghaiDateTime(b.opensAt),
      closesAt: shanghaiDateTime(b.closesAt),
      earlyClose: b.earlyCloseGround && b.earlyClosedAt ? { at: shanghaiDateTime(b.earlyClosedAt), ground: earlyCloseGrounds[b.earlyCloseGround] } : null,
      figures: [["应参与", String(b.electorCount)], ["已参与", String(b.votedCount)], ...figuresOf(b.result)] as [string, string][],
    }));

  const resolutionRows = db
    .select({ number: resolutions.number, title: resolutions.title, text: resolutions.text })
    .from(resolutions)
    .where(eq(resolutions.topicId, topic.id))
    .orderBy(asc(resolutions.id))
    .all();

  const ratingRows = db.select().from(supervisionRatings).where(eq(supervisionRatings.topicId, topic.id)).all();
  const satisfactionRows = db.select().from(satisfactionVotes).where(eq(satisfactionVotes.topicId, topic.id)).all();
  const rounds = [...new Set([...ratingRows.map((r) => r.round), ...satisfactionRows.map((s) => s.round)])].sort((a, b) => a - b);
  const ratings = rounds.map((round) => {
    const rs = ratingRows.filter((r) => r.round === round);
    const ss = satisfactionRows.filter((s) => s.round === round);
    return {
      round,
      count: rs.length,
      means: dimensions.map(([key, label]) => [label, rs.length ? (rs.reduce((sum, r) => sum + r[key], 0) / rs.length).toFixed(2) : "—"] as [string, string]),
      satisfaction: (Object.keys(satisfactionLabels) as (keyof typeof satisfactionLabels)[]).map(
        (a) => [satisfactionLabels[a], ss.filter((s) => s.answer === a).length] as [string, number],
      ),
    };
  });

  return {
    id: topic.id,
    title: topic.title,
    grid: head?.grid ?? "",
    item: head?.item ?? "",
    proposer: head?.proposer ?? "",
    state: stateLabels[topic.state] ?? topic.state,
    createdAt: shanghaiDateTime(topic.createdAt),
    closedAt: shanghaiDateTime(topic.closedAt),
    description: plainText((topic.descriptionJson ?? { type: "doc" }) as { content?: unknown[] }),
    timeline,
    conclusions,
    plans: planRows,
    ballots: ballotRows,
    resolutions: resolutionRows,
    ratings,
  };
}

// ── The PDF

/**
 * Renders the record in a worker thread (lib/workers/tasks.mjs): laying out a long record takes
 * pdfkit seconds of CPU, which on the event loop would stall every other request.
 */
export async function buildTopicRecordPdf(record: TopicRecord, font: CjkFont): Promise<Buffer> {
  const bytes = await runTask<Uint8Array>("pdf", "topicRecordPdf", { record, font, generatedAt: shanghaiDateTime(new Date()) });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** How many record PDFs one person may have rendering at once; more is a 429. */
export const MAX_PDFS_PER_PERSON = 2;
const rendering = new Map<number, number>();

/** Runs `render` as one of the person's PDFs in progress, or refuses when they already have the most. */
async function asOnePdfOf<T>(personId: number, render: () => Promise<T>): Promise<T> {
  const current = rendering.get(personId) ?? 0;
  if (current >= MAX_PDFS_PER_PERSON) throw new AppError("too_many_requests", "pdfBusy", { max: MAX_PDFS_PER_PERSON });
  rendering.set(personId, current + 1);
  try {
    return await render();
  } finally {
    const left = (rendering.get(personId) ?? 1) - 1;
    if (left > 0) rendering.set(personId, left);
    else rendering.delete(personId);
  }
}

const fontMissing: Record<Locale, string> = {
  "zh-CN": "服务器缺少中文字体（请安装 fonts-noto-cjk 软件包），暂时无法生成 PDF。",
  en: "The server lacks a Chinese font (install the fonts-noto-cjk package), so the PDF cannot be generated.",
};

/**
 * The response for GET /topics/{id}/record.pdf: the PDF for whoever may see the topic, a JSON
 * error otherwise, and 503 (never garbled text) when the server has no CJK font.
 */
export async function topicRecordResponse(db: DB, actor: Actor | null, topicId: number, locale: Locale, fontPath?: string): Promise<Response> {
  try {
    const topic = loadVisibleTopic(db, actor, topicId);
    // GRIDCOUNCIL_PDF_FONT names another font file (a CJK font installed elsewhere; the bench on a machine without one).
    const font = findCjkFont(fontPath ?? process.env.GRIDCOUNCIL_PDF_FONT);
    if (!font) {
      return Response.json({ error: { code: "font_missing", message: fontMissing[locale] } }, { status: 503 });
    }
    // loadVisibleTopic has refused a signed-out caller (401), so there is a person to count.
    const pdf = await asOnePdfOf(actor?.personId ?? 0, () => buildTopicRecordPdf(loadTopicRecord(db, topic), font));
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        "content-type": "application/pdf",
        "content-disposition": `inline; filename="topic-${topic.id}.pdf"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    const { status, body } = describeError(e, locale);
    return Response.json({ error: body }, { status });
  }
}
