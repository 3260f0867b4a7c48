/**
 * Reading the cells of a register or estate file as a person would read them. Files from property
 * firms and housing offices are typed by hand on Chinese keyboards: full-width digits and brackets,
 * "㎡" or "平方米" after an area, spaces inside phone numbers, a whole address in the room column.
 * Pure functions, no I/O: the importers call them on every row.
 */

/** NFKC (full-width → half-width, "㎡" → "m2"), zero-width characters dropped, trimmed, inner runs of spaces collapsed to one. */
export function cleanText(cell: string): string {
  return cell
    .normalize("NFKC")
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** cleanText without any spaces at all: "13 800 138 000", "1 502" read as one token. */
const compact = (cell: string) => cleanText(cell).replace(/ /g, "");

/**
 * An area in m², as hundredths (integers keep the owners' vote's area sums exact): "89.5㎡",
 * "８９．５", "89.50 平方米", "1,089.5" → 8950 / 108950. A spreadsheet's own float noise
 * ("89.45999999999") is rounded; a third real decimal ("89.505") is not guessed at: null.
 * null also for an empty cell, a negative or anything that is not a number.
 */
export function readArea(cell: string): number | null {
  let s = compact(cell).toLowerCase();
  s = s.replace(/(m2|m²|平方米|平方|平米|平|sqm)$/, "");
  // Thousands separators only in their right places, so that "89,5" (a decimal comma) is not read as 895.
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
  if (!/^\d+(\.\d+)?$/.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  if (frac.length <= 2) return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  const hundredths = Number(s) * 100;
  const rounded = Math.round(hundredths);
  return Math.abs(hundredths - rounded) < 1e-6 ? rounded : null;
}

/**
 * A mainland mobile number: "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "0086…",
 * "(+86)138…" → "13800138000". Landlines and anything else that is not 11 digits starting with 1: null.
 */
export function readPhone(cell: string): string | null {
  let s = compact(cell).replace(/[-()（）.]/g, "");
  s = s.replace(/^(\+86|0086|86)(?=1\d{10}$)/, "");
  return /^1\d{10}$/.test(s) ? s : null;
}

const yes = new Set(["是", "y", "yes", "1", "true", "t", "√", "✓", "✔", "有", "开发商", "开发商持有", "未售", "持有"]);
const no = new Set(["否", "n", "no", "0", "false", "f", "×", "✗", "x", "无", "", "已售", "非开发商"]);

/** 是/否, Y/N, 1/0, TRUE/FALSE, √/×; an empty cell means no. Anything else: null (the report asks). */
export function readFlag(cell: string): boolean | null {
  const s = compact(cell).toLowerCase();
  if (yes.has(s)) return true;
  if (no.has(s)) return false;
  return null;
}

export type RoomAddress = { grid?: string; building?: string; unit: string };

/**
 * A room as people write it, whole or in part:
 *   "1502", "1502室"                 → { unit: "1502" }
 *   "3号楼1502", "3栋1502室", "3#1502" → { building: "3", unit: "1502" }
 *   "3-2-1502", "3栋2单元1502室"       → { building: "3", unit: "2-1502" }  (单元 and room, as on the door)
 *   "2网格3栋2单元1502"               → { grid: "2", building: "3", unit: "2-1502" }
 *   "1-3-2-1502"                      → { grid: "1", building: "3", unit: "2-1502" }
 *   "2-501"                           → { unit: "2-501" }   (two parts: a room number written with its 单元)
 * The room keeps the 单元 in front because units.number is "as written on the door" ("2-501").
 * null for an empty cell or one that reads as no room (spaces inside a part, words).
 */
export function readRoomAddress(cell: string): RoomAddress | null {
  const s = compact(cell);
  if (!s) return null;
  const token = "[A-Za-z0-9]+";
  const dashed = s.match(new RegExp(`^(${token})(?:[-—_/](${token})){0,3}$`));
  if (dashed) {
    const parts = s.split(/[-—_/]/);
    if (parts.length <= 2) return { unit: parts.join("-") };
    if (parts.length === 3) return { building: parts[0], unit: `${parts[1]}-${parts[2]}` };
    return { grid: parts[0], building: parts[1], unit: `${parts[2]}-${parts[3]}` };
  }
  const worded = s.match(
    new RegExp(
      `^(?:(${token})(?:网格|区))?` + // grid
        `(?:(${token})(?:号楼|栋|幢|座|号|楼|#楼|#))?` + // building
        `(?:(${token})(?:单元|门|#))?` + // 单元
        `[-—]?(${token})(?:室|号|户)?$`, // room
    ),
  );
  if (!worded) return null;
  const [, grid, building, entrance, room] = worded;
  const unit = entrance ? `${entrance}-${room}` : room!;
  return { ...(grid ? { grid } : {}), ...(building ? { building } : {}), unit };
}
