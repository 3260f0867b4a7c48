/**
 * The last moment inside a publication period. `until` is exclusive, so a period that ends at
 * midnight is shown as ending on the day before ("至 11月30日", not "至 12月1日").
 */
export function lastDayOf(until: Date): Date {
  return new Date(until.getTime() - 1);
}
