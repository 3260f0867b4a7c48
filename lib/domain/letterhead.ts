/**
 * The letterhead (抬头) a community's notices carry: district, street office and community, run
 * together as on an official heading (城东区和平街道红心社区). A part left empty (a community set
 * up before the district and street were asked) is left out. Pure: the setup page previews it as
 * staff type, and the notice sheet prints it.
 */
export function letterhead(place: { district?: string | null; street?: string | null; name: string }): string {
  const parts = [place.district, place.street, place.name].map((p) => p?.trim() ?? "").filter(Boolean);
  // Chinese names run together; names in Latin letters ("Chengdong District") keep a space between.
  return parts.reduce((line, part) => (line && /[A-Za-z0-9]$/.test(line) && /^[A-Za-z0-9]/.test(part) ? `${line} ${part}` : line + part), "");
}
