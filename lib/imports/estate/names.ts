import { cleanText } from "@/lib/imports/sheet/cells";

/**
 * How a grid or building named in an estate file is matched and, when new, coded and named. Pure.
 *
 * Codes are the two-digit numbers the app already uses (grids 01–99 per community, buildings 01–99
 * per grid). A cell that carries a number — "3", "03", "３", "3栋", "3号楼", "3幢", "3#", "第3网格",
 * "三号楼", "第三网格" — names that number: code "03", and a new building is called "3号楼", a new
 * grid "第三网格" (the demo's and most street offices' style). A cell without a number ("幸福里",
 * "A座", "商业楼") is matched by name; a new one takes the lowest free code and keeps its name as
 * written. Either way a re-import finds the same grid or building again.
 */
export type PlaceName = { code: string | null; name: string };

const zhDigits: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "三" → 3, "十二" → 12, "二十" → 20, "九十九" → 99; null for anything else. */
export function chineseNumber(s: string): number | null {
  if (!/^[零〇一二两三四五六七八九十]{1,3}$/.test(s)) return null;
  if (!s.includes("十")) return s.length === 1 ? (zhDigits[s] ?? null) : null;
  const parts = s.split("十");
  if (parts.length !== 2) return null;
  const [tens, ones] = parts as [string, string];
  const t = tens === "" ? 1 : tens.length === 1 ? zhDigits[tens] : undefined;
  const o = ones === "" ? 0 : ones.length === 1 ? zhDigits[ones] : undefined;
  return t === undefined || o === undefined ? null : t * 10 + o;
}

/** 3 → "三", 12 → "十二", 20 → "二十", 45 → "四十五". */
export function chineseNumeral(n: number): string {
  const d = "零一二三四五六七八九";
  if (n < 10) return d[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : d[tens]}十${ones === 0 ? "" : d[ones]}`;
}

const code2 = (n: number) => String(n).padStart(2, "0");
const num = "(\\d{1,3}|[零〇一二两三四五六七八九十]{1,3})";
const toNumber = (s: string) => (/^\d+$/.test(s) ? Number(s) : chineseNumber(s));

function numbered(s: string, pattern: RegExp): number | null {
  const m = s.match(pattern);
  if (!m) return null;
  const n = toNumber(m[1]!);
  return n !== null && n >= 1 && n <= 99 ? n : null;
}

/** A grid cell: "1", "01", "第1网格", "1号网格", "网格1", "第一网格" → code "01"; "幸福里网格" → by name. */
export function readGridName(cell: string): PlaceName | null {
  const s = cleanText(cell).replace(/ /g, "");
  if (!s) return null;
  const n = numbered(s, new RegExp(`^(?:第)?${num}(?:号)?(?:网格)?$`)) ?? numbered(s, new RegExp(`^网格${num}(?:号)?$`));
  if (n !== null) return { code: code2(n), name: `第${chineseNumeral(n)}网格` };
  return { code: null, name: cleanText(cell) };
}

/** A building cell: "3", "03", "3栋", "3号楼", "3幢", "3座", "3#", "3#楼", "第3栋", "三号楼" → code "03", name "3号楼"; "A座" → by name. */
export function readBuildingName(cell: string): PlaceName | null {
  const s = cleanText(cell).replace(/ /g, "");
  if (!s) return null;
  const n = numbered(s, new RegExp(`^(?:第)?${num}(?:号楼|号|栋|幢|座|楼|#楼|#)?$`));
  if (n !== null) return { code: code2(n), name: `${n}号楼` };
  return { code: null, name: cleanText(cell) };
}

/** A 单元 cell: "2", "2单元", "二单元", "2门" → "2"; text kept as written. */
export function readEntrance(cell: string): string {
  const s = cleanText(cell).replace(/ /g, "");
  const m = s.match(new RegExp(`^(?:第)?${num}(?:单元|门|#)?$`));
  if (m) {
    const n = toNumber(m[1]!);
    if (n !== null) return String(n);
  }
  return s;
}

/** The lowest two-digit code not in `taken` (which it then takes), or null when 01–99 are all used. */
export function nextFreeCode(taken: Set<string>): string | null {
  for (let n = 1; n <= 99; n++) {
    const c = code2(n);
    if (!taken.has(c)) {
      taken.add(c);
      return c;
    }
  }
  return null;
}
