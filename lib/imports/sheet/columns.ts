/**
 * Which column of a file holds what. Property firms' files never match a template exactly, so each
 * column is found by its name or one of the usual synonyms; staff map the rest by hand.
 */

export type ColumnSpec<K extends string> = Record<K, { names: readonly string[]; required: boolean }>;
/** column → index of the header cell it is read from. */
export type ColumnMapping<K extends string> = Partial<Record<K, number>>;

/**
 * A header cell reduced to what names it: NFKC (full-width brackets and letters), lower case, no
 * spaces, without a trailing unit or note in brackets ("面积(平方米)", "面积（㎡）", "房号[必填]"),
 * required-field stars or a colon.
 */
export function headerKey(cell: string): string {
  let s = cell.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  s = s.replace(/^[*※]+|[*※:]+$/g, "");
  // Repeatedly: "面积(m2)(必填)" loses both notes.
  for (let prev = ""; prev !== s; ) {
    prev = s;
    s = s.replace(/(\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|<[^<>]*>)$/, "").replace(/[*※:]+$/, "");
  }
  return s;
}

/**
 * Matches header cells by name and synonyms; a manual mapping given by staff wins (an index out of
 * range is ignored). A header cell serves one column only: the first column of the spec to claim it.
 * missing = the required columns still unmapped.
 */
export function matchColumns<K extends string>(
  header: readonly string[],
  spec: ColumnSpec<K>,
  manual: ColumnMapping<K> = {},
): { mapping: ColumnMapping<K>; missing: K[] } {
  const keys = Object.keys(spec) as K[];
  const mapping: ColumnMapping<K> = {};
  const used = new Set<number>();
  for (const k of keys) {
    const i = manual[k];
    if (typeof i === "number" && Number.isInteger(i) && i >= 0 && i < header.length) {
      mapping[k] = i;
      used.add(i);
    }
  }
  const headerKeys = header.map(headerKey);
  for (const k of keys) {
    if (mapping[k] !== undefined) continue;
    // Names in the order the spec gives them: the canonical name first, then the closest synonyms.
    for (const name of spec[k].names) {
      const i = headerKeys.findIndex((h, at) => h === headerKey(name) && !used.has(at));
      if (i !== -1) {
        mapping[k] = i;
        used.add(i);
        break;
      }
    }
  }
  const missing = keys.filter((k) => spec[k].required && mapping[k] === undefined);
  return { mapping, missing };
}

/** The canonical (first) name of each column, for messages: "网格、楼栋、房号、专有面积". */
export function columnNames<K extends string>(spec: ColumnSpec<K>, which: readonly K[] = Object.keys(spec) as K[]): string {
  return which.map((k) => spec[k].names[0]).join("、");
}

/** The cell of a row under a mapped column ("" when unmapped or the row is short). */
export function cellOf<K extends string>(cells: readonly string[], mapping: ColumnMapping<K>, column: K): string {
  const i = mapping[column];
  return i === undefined ? "" : (cells[i] ?? "");
}
