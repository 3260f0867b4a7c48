import { describe, expect, it } from "vitest";
import { attendanceList } from "@/lib/domain/attendance-list";

const invitees = [
  { personId: 1, name: "王芳", response: "declined", words: ["居民"] },
  { personId: 2, name: "李明", response: "pending", words: ["业主"] },
  { personId: 3, name: "赵磊", response: "attending", words: ["物业"] },
  { personId: 4, name: "王建国", response: "attending", words: ["社区管理员"] },
  { personId: 5, name: "陈志强", response: "pending", words: ["网格员"] },
];
const names = (list: { name: string }[]) => list.map((e) => e.name);

describe("a meeting's attendance list", () => {
  it("shows who is present first, then who said they would come, who has not answered, who declined", () => {
    expect(names(attendanceList(invitees, new Set([5, 1])))).toEqual(["王芳", "陈志强", "赵磊", "王建国", "李明"]);
  });

  it("keeps the list's own order within each group", () => {
    expect(names(attendanceList(invitees, new Set()))).toEqual(["赵磊", "王建国", "李明", "陈志强", "王芳"]);
  });

  it("finds people by part of their name or by their role, still present first", () => {
    expect(names(attendanceList(invitees, new Set([4]), "王"))).toEqual(["王建国", "王芳"]);
    expect(names(attendanceList(invitees, new Set(), " 物业 "))).toEqual(["赵磊"]);
    expect(attendanceList(invitees, new Set(), "张")).toEqual([]);
  });

  it("an empty search keeps everyone", () => {
    expect(attendanceList(invitees, new Set(), "   ")).toHaveLength(invitees.length);
  });
});
