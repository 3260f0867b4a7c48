import { describe, expect, it } from "vitest";
import { roleKinds } from "@/db/schema";
import { displayNumberPrefix, identityCodes, parseDisplayNumber, unitPart, type DisplayNumberParts } from "@/lib/people/display-number";

describe("identity codes", () => {
  it("every role kind has its own code, so a number tells who the person is", () => {
    const codes = roleKinds.map((r) => identityCodes[r]);
    expect(codes.every((c) => /^[A-Z]{2,3}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(roleKinds.length);
  });

  it("keeps the published codes (people learn to read them)", () => {
    expect(identityCodes).toEqual({
      owner: "YZ",
      resident: "JM",
      gridChief: "WGZ",
      gridWorker: "WGY",
      propertyFirmStaff: "WY",
      ownersCommitteeMember: "YWH",
      supervisor: "DDY",
      thinkTankMember: "ZNT",
      communityAdmin: "GL",
    });
  });
});

describe("displayNumberPrefix and unitPart", () => {
  it("writes community + grid, identity and unit, ready for the sequence", () => {
    expect(displayNumberPrefix({ communityCode: "HX", gridCode: "01", role: "owner", unitPart: unitPart("03", "1302") })).toBe("HX01-YZ-03#1302-");
    expect(displayNumberPrefix({ communityCode: "HX", gridCode: "01", role: "gridChief", unitPart: "SQ" })).toBe("HX01-WGZ-SQ-");
    expect(displayNumberPrefix({ communityCode: "HX", gridCode: "00", role: "propertyFirmStaff", unitPart: "WY1" })).toBe("HX00-WY-WY1-");
  });

  it("joins building and room with #", () => {
    expect(unitPart("01", "1-302")).toBe("01#1-302");
    expect(unitPart("12", "商铺3")).toBe("12#商铺3");
  });
});

describe("parseDisplayNumber: round trips", () => {
  const unitParts = ["03#1302", "01#1-302", "02#2-11-01", "SQ", "WY1", "YWH1", "ZN5", "12#商铺3"];
  const cases = roleKinds.flatMap((role) =>
    unitParts.flatMap((up) =>
      [
        { communityCode: "HX", gridCode: "01" },
        { communityCode: "A", gridCode: "00" },
        { communityCode: "ABCDEF", gridCode: "99" },
      ].map((place) => ({ ...place, role, unitPart: up }) satisfies DisplayNumberParts),
    ),
  );

  it.each(cases)("$communityCode$gridCode $role $unitPart", (parts) => {
    for (const sequence of [1, 2, 17, 1302]) {
      const dn = `${displayNumberPrefix(parts)}${sequence}`;
      expect(parseDisplayNumber(dn)).toEqual({ ...parts, sequence });
    }
  });

  it("reads a room with a hyphen as part of the unit, not as the sequence", () => {
    expect(parseDisplayNumber("HX01-YZ-01#1-302-2")).toEqual({
      communityCode: "HX",
      gridCode: "01",
      role: "owner",
      unitPart: "01#1-302",
      sequence: 2,
    });
  });

  it("reads the README examples", () => {
    expect(parseDisplayNumber("HX01-YZ-03#1302-1")).toMatchObject({ gridCode: "01", role: "owner", unitPart: "03#1302", sequence: 1 });
    expect(parseDisplayNumber("HX01-WGZ-SQ-1")).toMatchObject({ gridCode: "01", role: "gridChief", unitPart: "SQ", sequence: 1 });
    expect(parseDisplayNumber("HX00-WY-WY1-2")).toMatchObject({ gridCode: "00", role: "propertyFirmStaff", unitPart: "WY1", sequence: 2 });
  });
});

describe("parseDisplayNumber: rejects what is not one of ours", () => {
  it.each([
    ["empty", ""],
    ["no sequence", "HX01-YZ-03#1302"],
    ["empty sequence", "HX01-YZ-03#1302-"],
    ["sequence not a number", "HX01-YZ-03#1302-a"],
    ["sequence with trailing text", "HX01-YZ-03#1302-1x"],
    ["empty unit part", "HX01-YZ--1"],
    ["unknown identity code", "HX01-XX-03#1302-1"],
    ["identity code too long", "HX01-ABCD-03#1302-1"],
    ["lower-case identity", "HX01-yz-03#1302-1"],
    ["lower-case community", "hx01-YZ-03#1302-1"],
    ["one-digit grid", "HX1-YZ-03#1302-1"],
    ["three-digit grid", "HX001-YZ-03#1302-1"],
    ["no community code", "01-YZ-03#1302-1"],
    ["community code too long", "ABCDEFG01-YZ-03#1302-1"],
    ["leading space", " HX01-YZ-03#1302-1"],
    ["trailing space", "HX01-YZ-03#1302-1 "],
    ["the factory's test numbers", "TEST-12"],
  ])("%s: %j", (_label, dn) => {
    expect(parseDisplayNumber(dn)).toBeNull();
  });
});
