/**
 * The council's clock. Instants are stored as UTC milliseconds; the councils meet, vote and keep
 * their calendar days in Asia/Shanghai (北京时间), which has been UTC+8 all year since 1991 (no
 * daylight saving), so the conversion is a fixed offset and needs no tz data.
 *
 * The lowest layer: imports nothing, so the schema, the domain rules, the use cases and the pages
 * may all read the same calendar.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const pad = (n: number) => String(n).padStart(2, "0");
const ms = (at: Date | number) => (typeof at === "number" ? at : at.getTime());

/** The wall-clock parts of an instant as read on a clock in Shanghai (month 1–12). */
export function shanghaiParts(at: Date | number): { year: number; month: number; day: number; hour: number; minute: number } {
  const d = new Date(ms(at) + SHANGHAI_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/** The instant of a Shanghai wall-clock time (month 1–12; out-of-range days roll over like Date.UTC). */
export function fromShanghai(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute) - SHANGHAI_OFFSET_MS);
}

/** Midnight in Shanghai at the start of the day that holds `at`. */
export function startOfShanghaiDay(at: Date | number): Date {
  const p = shanghaiParts(at);
  return fromShanghai(p.year, p.month, p.day);
}

/** The calendar day in Shanghai as YYYY-MM-DD: the form due dates and follow-up dates are stored in. */
export function shanghaiDate(at: Date | number): string {
  const p = shanghaiParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "YYYY-MM-DD HH:mm" in Shanghai; empty for no date (exports, the topic record). */
export function shanghaiDateTime(at: Date | null | undefined): string {
  if (!at) return "";
  const p = shanghaiParts(at);
  return `${shanghaiDate(at)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The calendar month in Shanghai as YYYY-MM. */
export function shanghaiMonth(at: Date | number): string {
  const p = shanghaiParts(at);
  return `${p.year}-${pad(p.month)}`;
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Reads the value of an `<input type="datetime-local">` ("2025-03-15T19:00") as Shanghai time.
 * Returns null when the text is not such a value or names an impossible date (2025-02-30).
 */
export function parseShanghaiLocal(value: string): Date | null {
  const m = localPattern.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number) as [number, number, number, number, number];
  if (month < 1 || month > 12 || hour > 23 || minute > 59) return null;
  const at = fromShanghai(year, month, day, hour, minute);
  // Date.UTC rolls 30 February over into March: refuse instead of silently moving the meeting.
  if (shanghaiParts(at).day !== day) return null;
  return at;
}

/** The value for an `<input type="datetime-local">` showing this instant in Shanghai. */
export function toShanghaiLocal(at: Date): string {
  const p = shanghaiParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** Days in a month of the Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant `hour` o'clock in Shanghai on a stored calendar day ("2026-03-15", the form due
 * dates and follow-up dates are kept in), for formatting the day in the reader's language.
 * Invalid Date for text that is not such a day, as `new Date("…")` would give.
 */
export function fromShanghaiDate(ymd: string, hour = 0): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return m ? fromShanghai(Number(m[1]), Number(m[2]), Number(m[3]), hour) : new Date(Number.NaN);
}
