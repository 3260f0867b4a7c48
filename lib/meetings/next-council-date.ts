import { daysInMonth, fromShanghai, shanghaiParts } from "@/lib/time";

/** Council meetings (网格议事日) start in the evening, when working residents can come. */
export const COUNCIL_HOUR = 19;

/**
 * The next council day of a grid that meets on day `councilDay` of every month, at 19:00 Shanghai
 * time, strictly after `now`: on the council day itself that is today until 19:00 and next month
 * from 19:00 on. A day past the end of a short month (a grid set to the 31st before the day was
 * limited to 1–28) falls on that month's last day.
 */
export function nextCouncilDate(councilDay: number, now: Date, hour = COUNCIL_HOUR): Date {
  if (!Number.isInteger(councilDay) || councilDay < 1 || councilDay > 31) throw new RangeError(`council day ${councilDay}`);
  const today = shanghaiParts(now);
  const inMonth = (year: number, month: number) => fromShanghai(year, month, Math.min(councilDay, daysInMonth(year, month)), hour, 0);
  const thisMonth = inMonth(today.year, today.month);
  if (thisMonth.getTime() > now.getTime()) return thisMonth;
  const [year, month] = today.month === 12 ? [today.year + 1, 1] : [today.year, today.month + 1];
  return inMonth(year, month);
}
