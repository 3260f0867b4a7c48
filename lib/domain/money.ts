/**
 * Budgets are entered in yuan ("12800.50") and kept in fen (1/100 yuan) as integers, so that no
 * float ever touches a sum of money. Pure: used by the schema, the use cases and the screens.
 */

/** At most 9,999,999,999.99 yuan: far above any neighbourhood budget, far below 2^53 fen. */
const MAX_YUAN_DIGITS = 10;

const plain = new RegExp(`^(\\d{1,${MAX_YUAN_DIGITS}})(?:\\.(\\d{1,2}))?$`);
/** "12,800.50": thousands separators are accepted only where they belong. */
const grouped = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d{1,2}))?$/;

/**
 * Yuan as written to fen, exactly: "12800.50" → 1280050, "0.5" → 50, "" → 0. Returns null for
 * anything else: a negative amount, more than two decimals, letters, a float that is not exact.
 */
export function parseYuan(input: unknown): number | null {
  if (input == null) return 0;
  let text: string;
  if (typeof input === "number") {
    if (!Number.isFinite(input) || input < 0) return null;
    text = String(input);
  } else if (typeof input === "string") {
    text = input.trim().replace(/^[¥￥]\s*/, "");
  } else {
    return null;
  }
  if (text === "") return 0;
  const m = plain.exec(text) ?? grouped.exec(text);
  if (!m) return null;
  const whole = m[1]!.replace(/,/g, "");
  if (whole.length > MAX_YUAN_DIGITS) return null;
  const cents = (m[2] ?? "").padEnd(2, "0");
  return Number(whole) * 100 + Number(cents);
}

/** Fen to the value of a budget input: 1280050 → "12800.50", 0 → "". */
export function fenToYuanInput(fen: number): string {
  if (fen === 0) return "";
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

/** Fen for reading: 1280050 → "¥12,800.50". Grouping done on the integer part only, so it stays exact. */
export function formatFen(fen: number): string {
  const whole = Math.floor(fen / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `¥${whole}.${String(fen % 100).padStart(2, "0")}`;
}
