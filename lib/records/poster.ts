import "server-only";
import QRCode from "qrcode";
import sharp from "sharp";
import { AppError } from "@/lib/errors";
import { inFlightLimit } from "@/lib/security/in-flight";

/** The poster's size: a phone screen's portrait proportions, sharp when a WeChat group enlarges it. */
export const POSTER_WIDTH = 750;
export const POSTER_HEIGHT = 1334;

export type PosterText = { invite: string; place: string; title: string; progress: string; deadline: string; scan: string; brand: string };
export type PosterInput = { text: PosterText; count: number; threshold: number; url: string };

/** Text for an SVG text node: the title is a resident's words, never markup. */
function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** Splits text into lines of at most `width` units (a CJK character 1, a Latin one about half), up to `max` lines. */
export function wrapText(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  let used = 0;
  for (const ch of Array.from(text.replace(/\s+/g, " ").trim())) {
    const w = /[\u0000-\u00ff]/.test(ch) ? 0.55 : 1;
    if (used + w > width) {
      lines.push(line);
      line = "";
      used = 0;
      if (lines.length === max) break;
    }
    line += ch;
    used += w;
  }
  if (lines.length < max && line) lines.push(line);
  else if (lines.length === max && line) lines[max - 1] = `${lines[max - 1]!.slice(0, -1)}…`;
  return lines;
}

const font = "Noto Sans CJK SC, Noto Sans SC, sans-serif";

function posterSvg({ text, count, threshold }: PosterInput): string {
  const W = POSTER_WIDTH;
  const title = wrapText(text.title, 12, 4);
  const titleTop = 330;
  const lineHeight = 66;
  const progressTop = titleTop + title.length * lineHeight + 40;
  const ratio = threshold > 0 ? Math.min(1, count / threshold) : 0;
  const barW = W - 120;
  const t = (x: number, y: number, size: number, s: string, extra = "") =>
    `<text x="${x}" y="${y}" font-family="${font}" font-size="${size}" ${extra}>${escapeXml(s)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${POSTER_HEIGHT}" viewBox="0 0 ${W} ${POSTER_HEIGHT}">
  <rect width="100%" height="100%" fill="#fffaf5"/>
  <rect width="100%" height="220" fill="#b91c1c"/>
  ${t(W / 2, 130, 72, text.invite, 'fill="#ffffff" font-weight="bold" text-anchor="middle" letter-spacing="8"')}
  ${t(W / 2, 190, 30, text.place, 'fill="#fde68a" text-anchor="middle"')}
  ${title.map((l, i) => t(60, titleTop + i * lineHeight, 52, l, 'fill="#111827" font-weight="bold"')).join("\n  ")}
  ${t(60, progressTop + 20, 40, text.progress, 'fill="#b91c1c" font-weight="bold"')}
  <rect x="60" y="${progressTop + 45}" width="${barW}" height="24" rx="12" fill="#fde2e2"/>
  <rect x="60" y="${progressTop + 45}" width="${Math.max(24, Math.round(barW * ratio))}" height="24" rx="12" fill="#b91c1c"/>
  ${t(60, progressTop + 120, 32, text.deadline, 'fill="#374151"')}
  ${t(W / 2, POSTER_HEIGHT - 150, 32, text.scan, 'fill="#111827" text-anchor="middle"')}
  ${t(W / 2, POSTER_HEIGHT - 70, 28, text.brand, 'fill="#6b7280" text-anchor="middle" letter-spacing="4"')}
</svg>`;
}

/** The QR code's size and where it sits: above the "scan" line, centred. */
const QR_SIZE = 340;
const QR_TOP = POSTER_HEIGHT - 200 - QR_SIZE;

// One poster at a time per process, each a few tens of ms of libvips work off the event loop
// (sharp runs on libuv's pool); a burst beyond that is refused with 429 rather than queued, and
// the cache below answers the repeats a shared link brings.
const drawing = inFlightLimit(2);
const cache = new Map<string, Uint8Array<ArrayBuffer>>();
const CACHE_ENTRIES = 64;
/** Posters being drawn now, by content: later askers for the same poster share the drawing. */
const drawingNow = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

/**
 * The co-sign poster as PNG bytes: title, place, progress n/m and a bar, the deadline, and a QR code
 * of the share link (on the public origin). Cached by its whole content, so a poster changes as soon
 * as a co-signature comes in and a hundred neighbours opening the same link draw it once.
 */
export async function renderPoster(input: PosterInput): Promise<Uint8Array<ArrayBuffer>> {
  const key = JSON.stringify(input);
  const hit = cache.get(key);
  if (hit) return hit;
  // Neighbours opening a freshly shared link arrive together: they wait for the one drawing of
  // that poster instead of each asking for a drawing slot (and being refused with 429).
  const pending = drawingNow.get(key);
  if (pending) return pending;
  const job = drawing
    .run("poster", () => new AppError("too_many_requests", "posterBusy"), async () => {
      const qr = await QRCode.toBuffer(input.url, { type: "png", width: QR_SIZE, margin: 2, errorCorrectionLevel: "M" });
      const png = await sharp(Buffer.from(posterSvg(input)))
        .composite([{ input: qr, left: Math.round((POSTER_WIDTH - QR_SIZE) / 2), top: QR_TOP }])
        .png({ compressionLevel: 8 })
        .toBuffer();
      const out = new Uint8Array(png.length);
      out.set(png);
      return out;
    })
    .then((bytes) => {
      if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(key, bytes);
      return bytes;
    })
    .finally(() => drawingNow.delete(key));
  drawingNow.set(key, job);
  return job;
}
