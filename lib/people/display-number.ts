import type { RoleKind } from "@/db/schema";

/**
 * Display numbers tell at a glance who a person is, their unit and their grid
 * (见号知身份、见号知单位、见号知网格). Format, four parts joined by "-":
 *
 *   <community code><grid code>-<identity>-<unit>-<sequence>
 *   HX01-YZ-03#1302-1   owner in grid 01, building 03, room 1302, first person of that room
 *   HX01-WGZ-SQ-1       grid chief of grid 01, community staff
 *   HX00-WY-WY1-2       property-firm staff of organisation WY1, not bound to one grid
 */
export const identityCodes: Record<RoleKind, string> = {
  owner: "YZ",
  resident: "JM",
  gridChief: "WGZ",
  gridWorker: "WGY",
  propertyFirmStaff: "WY",
  ownersCommitteeMember: "YWH",
  supervisor: "DDY",
  thinkTankMember: "ZNT",
  communityAdmin: "GL",
};

const roleByCode = Object.fromEntries(Object.entries(identityCodes).map(([k, v]) => [v, k as RoleKind]));

export type DisplayNumberParts = {
  communityCode: string;
  gridCode: string; // "00" when not bound to a grid
  role: RoleKind;
  unitPart: string; // "03#1302", an organisation code, or "SQ" for community staff
};

export function displayNumberPrefix(p: DisplayNumberParts): string {
  return `${p.communityCode}${p.gridCode}-${identityCodes[p.role]}-${p.unitPart}-`;
}

export function unitPart(buildingCode: string, unitNumber: string): string {
  return `${buildingCode}#${unitNumber}`;
}

/** Reads a display number back into its parts; null when it is not one of ours. */
export function parseDisplayNumber(dn: string): (DisplayNumberParts & { sequence: number }) | null {
  // The unit part may itself hold "-" (room "1-302"): it is everything between identity and sequence.
  const m = /^([A-Z]{1,6})(\d{2})-([A-Z]{2,3})-(.+)-(\d+)$/.exec(dn);
  if (!m) return null;
  const role = roleByCode[m[3]!];
  if (!role) return null;
  return { communityCode: m[1]!, gridCode: m[2]!, role, unitPart: m[4]!, sequence: Number(m[5]) };
}
