import zlib from "node:zlib";

/*
 * The text of a PDF that pdfkit wrote with one embedded font (the CJK font of our letters and
 * records), page by page and line by line, as a reader would copy it out — so a test can read what
 * is printed (a household's names and codes) without a PDF library. pdfkit's output is regular:
 * objects with Flate streams, a /Pages tree listing the pages in order, each text run one
 * `[<glyphs> kern <glyphs>] TJ` of hex glyph ids, and a ToUnicode CMap (bfrange arrays) per font.
 */

type Obj = { dict: string; stream: Buffer | null };

function objects(pdf: Buffer): Map<number, Obj> {
  const text = pdf.toString("latin1");
  const out = new Map<number, Obj>();
  const re = /(\d+) 0 obj\s*(<<[\s\S]*?>>)\s*(stream\r?\n|endobj)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let stream: Buffer | null = null;
    if (m[3]!.startsWith("stream")) {
      const start = m.index + m[0].length;
      const end = text.indexOf("endstream", start);
      const raw = pdf.subarray(start, end);
      stream = /\/Filter\s*\/FlateDecode/.test(m[2]!) ? zlib.inflateSync(raw) : raw;
    }
    out.set(Number(m[1]), { dict: m[2]!, stream });
  }
  return out;
}

const hexText = (hex: string) => {
  let s = "";
  for (let i = 0; i + 4 <= hex.length; i += 4) s += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return s;
};

/** glyph id → text, from a ToUnicode CMap's bfrange arrays and bfchar pairs. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const [, start, , list] of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    [...list!.matchAll(/<([0-9a-fA-F]*)>/g)].forEach(([, hex], i) => map.set(parseInt(start!, 16) + i, hexText(hex!)));
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, from, to] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(from!, 16), hexText(to!));
  }
  return map;
}

/** Every page's lines of text, in page order. */
export function pdfPagesText(bytes: Uint8Array): string[][] {
  const objs = objects(Buffer.from(bytes));
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict)?.[1]);
  const pagesRoot = [...objs.values()].find((o) => /\/Type\s*\/Pages\b/.test(o.dict) && !/\/Parent\b/.test(o.dict));
  if (!pagesRoot) throw new Error("no page tree");
  const pageIds: number[] = [];
  const walk = (dict: string) => {
    for (const [, id] of /\/Kids\s*\[([^\]]*)\]/.exec(dict)![1]!.matchAll(/(\d+) 0 R/g)) {
      const kid = objs.get(Number(id))!;
      if (/\/Type\s*\/Pages\b/.test(kid.dict)) walk(kid.dict);
      else pageIds.push(Number(id));
    }
  };
  walk(pagesRoot.dict);
  const cmaps = new Map<number, Map<number, string>>();
  const fontMap = (fontId: number) => {
    if (!cmaps.has(fontId)) {
      const font = objs.get(fontId)!;
      const cmap = objs.get(ref(font.dict, "ToUnicode"))?.stream?.toString("latin1") ?? "";
      cmaps.set(fontId, toUnicode(cmap));
    }
    return cmaps.get(fontId)!;
  };
  return pageIds.map((id) => {
    const page = objs.get(id)!;
    const fonts = new Map<string, number>();
    const resources = objs.get(ref(page.dict, "Resources"))?.dict ?? page.dict;
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? objs.get(ref(resources, "Font"))?.dict ?? "";
    for (const [, name, fid] of fontDict.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) fonts.set(name!, Number(fid));
    const content = objs.get(ref(page.dict, "Contents"))!.stream!.toString("latin1");
    // Runs on the same baseline (pdfkit writes a line in several runs when it does not wrap it) make one line.
    const lines: { y: string; text: string }[] = [];
    let map = new Map<number, string>();
    let y = "";
    for (const [, ty, font, tj] of content.matchAll(/[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+[-\d.]+\s+([-\d.]+)\s+Tm|\/(\w+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ/g)) {
      if (ty !== undefined) y = ty;
      else if (font) map = fontMap(fonts.get(font)!);
      else {
        const text = [...tj!.matchAll(/<([0-9a-fA-F]*)>/g)].map(([, hex]) => [...hex!.matchAll(/.{4}/g)].map(([g]) => map.get(parseInt(g, 16)) ?? "").join("")).join("");
        const last = lines[lines.length - 1];
        if (last && last.y === y) last.text += text;
        else lines.push({ y, text });
      }
    }
    return lines.map((l) => l.text);
  });
}
