import { describe, expect, test } from "vitest";
import { exactCandidate } from "@/app/ballots/[id]/_components/proxy-match";

const wang = { personId: 1, name: "王建国", displayNumber: "A0012" };
const wang2 = { personId: 2, name: "王建国", displayNumber: "A0040" };
const wangJian = { personId: 3, name: "王建", displayNumber: "A0101" };

describe("the proxy search picks the one candidate staff typed exactly", () => {
  test("a full name or number that matches one candidate picks them, ignoring case and spaces around", () => {
    expect(exactCandidate("王建国", [wang])).toBe(wang);
    expect(exactCandidate(" 王建国 ", [wang, wangJian])).toBe(wang);
    expect(exactCandidate("王建", [wang, wangJian])).toBe(wangJian);
    expect(exactCandidate("a0040", [wang, wang2])).toBe(wang2);
  });
  test("part of a name, a name two people share, or nothing typed picks nobody", () => {
    expect(exactCandidate("王", [wang, wangJian])).toBeNull();
    expect(exactCandidate("王建国", [wang, wang2])).toBeNull();
    expect(exactCandidate("", [wang])).toBeNull();
    expect(exactCandidate("王建国", [])).toBeNull();
  });
});
