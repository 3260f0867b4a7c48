import type { RoleKind } from "@/db/schema";

/** 角色 cell of a staff sheet. Community admins are not imported (see import-staff.ts). */
export const staffRoleNames: Record<string, RoleKind> = {
  网格长: "gridChief",
  网格员: "gridWorker",
  督导员: "supervisor",
  物业: "propertyFirmStaff",
  物业人员: "propertyFirmStaff",
  物业公司: "propertyFirmStaff",
  业委会: "ownersCommitteeMember",
  业委会成员: "ownersCommitteeMember",
  智囊团: "thinkTankMember",
  智囊团成员: "thinkTankMember",
};
export function readStaffRole(cell: string): RoleKind | "communityAdmin" | null {
  const s = cell.normalize("NFKC").replace(/\s/g, "");
  if (["社区管理员", "管理员"].includes(s)) return "communityAdmin";
  return staffRoleNames[s] ?? null;
}
