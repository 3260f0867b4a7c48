import { describe, expect, test } from "vitest";
import { cleanText, readArea, readFlag, readPhone, readRoomAddress } from "@/lib/imports/sheet/cells";
import { cellOf, columnNames, headerKey, matchColumns, type ColumnSpec } from "@/lib/imports/sheet/columns";
import { chineseNumber, chineseNumeral, nextFreeCode, readBuildingName, readEntrance, readGridName } from "@/lib/imports/estate/names";

describe("cleanText", () => {
  test.each([
    ["  张三  ", "张三"],
    ["张\u3000三", "张 三"],
    ["Ａ座　１０１", "A座 101"],
    ["a  \t b\n c", "a b c"],
    ["\u200b101\ufeff", "101"],
    ["", ""],
  ])("%j → %j", (cell, text) => expect(cleanText(cell)).toBe(text));
});

describe("readArea: an area as a person reads it, in hundredths", () => {
  test.each([
    ["89.5", 8950],
    ["89.5㎡", 8950],
    ["８９．５", 8950],
    ["89.50 平方米", 8950],
    ["89.5平米", 8950],
    ["89.5 m2", 8950],
    ["89.5M²", 8950],
    [" 89 . 5 ", 8950],
    ["120", 12000],
    ["0.01", 1],
    ["1,089.5", 108950],
    ["89.45999999999", 8946],
    ["89.4600", 8946],
    ["0", 0],
  ])("%j → %d", (cell, hundredths) => expect(readArea(cell)).toBe(hundredths));
  test.each([[""], ["abc"], ["89,5"], ["-5"], ["89.505"], ["8 9.5x"], ["1,2,3"], ["89.5.1"], ["#N/A"]])("%j is not an area", (cell) => expect(readArea(cell)).toBeNull());
});

describe("readPhone: a mainland mobile number", () => {
  test.each([
    ["13800138000", "13800138000"],
    ["138 0013 8000", "13800138000"],
    ["138-0013-8000", "13800138000"],
    ["+86 138 0013 8000", "13800138000"],
    ["0086 13800138000", "13800138000"],
    ["(+86)13800138000", "13800138000"],
    ["８６１３８００１３８０００", "13800138000"],
    ["1３800138000", "13800138000"],
  ])("%j → %s", (cell, phone) => expect(readPhone(cell)).toBe(phone));
  test.each([[""], ["010-12345678"], ["1380013800"], ["138001380001"], ["23800138000"], ["张三"]])("%j is not a mobile number", (cell) => expect(readPhone(cell)).toBeNull());
});

describe("readFlag", () => {
  test.each([["是", true], ["Y", true], ["yes", true], ["1", true], ["TRUE", true], ["√", true], ["开发商", true], ["否", false], ["N", false], ["0", false], ["FALSE", false], ["", false], [" ", false], ["×", false], ["已售", false]])(
    "%j → %s",
    (cell, flag) => expect(readFlag(cell)).toBe(flag),
  );
  test.each([["也许"], ["2"], ["ok?"]])("%j is unreadable", (cell) => expect(readFlag(cell)).toBeNull());
});

describe("readRoomAddress", () => {
  test.each([
    ["1502", { unit: "1502" }],
    ["1502室", { unit: "1502" }],
    ["１５０２", { unit: "1502" }],
    ["B1502", { unit: "B1502" }],
    ["2-501", { unit: "2-501" }],
    ["3-2-1502", { building: "3", unit: "2-1502" }],
    ["3 - 2 - 1502", { building: "3", unit: "2-1502" }],
    ["3－2－1502", { building: "3", unit: "2-1502" }],
    ["1-3-2-1502", { grid: "1", building: "3", unit: "2-1502" }],
    ["3栋2单元1502室", { building: "3", unit: "2-1502" }],
    ["3号楼1502", { building: "3", unit: "1502" }],
    ["3号楼2单元1502", { building: "3", unit: "2-1502" }],
    ["3幢1502", { building: "3", unit: "1502" }],
    ["3#1502", { building: "3", unit: "1502" }],
    ["A座1101", { building: "A", unit: "1101" }],
    ["2网格3栋2单元1502", { grid: "2", building: "3", unit: "2-1502" }],
  ])("%j → %j", (cell, address) => expect(readRoomAddress(cell)).toEqual(address));
  test.each([[""], ["商铺三"], ["3栋 二单元"], ["1-2-3-4-5"]])("%j is not a room address", (cell) => expect(readRoomAddress(cell)).toBeNull());
});

describe("headerKey and matchColumns", () => {
  const spec: ColumnSpec<"grid" | "unit" | "area" | "phone"> = {
    grid: { names: ["网格", "网格编号", "所属网格"], required: true },
    unit: { names: ["房号", "室号", "房间号"], required: true },
    area: { names: ["专有面积", "建筑面积", "面积"], required: true },
    phone: { names: ["联系电话", "手机号", "电话"], required: false },
  };
  test.each([
    ["面积(平方米)", "面积"],
    ["面积（㎡）", "面积"],
    ["面积(m2)(必填)", "面积"],
    ["*房号", "房号"],
    ["房号：", "房号"],
    ["房 号", "房号"],
    ["Area", "area"],
    ["【必填】房号", "【必填】房号"],
  ])("header %j reads as %j", (cell, key) => expect(headerKey(cell)).toBe(key));

  test("synonyms, notes and full-width brackets are matched; order of columns does not matter", () => {
    expect(matchColumns(["手机号", "室号", " 所属网格 ", "建筑面积（㎡）"], spec)).toEqual({ mapping: { grid: 2, unit: 1, area: 3, phone: 0 }, missing: [] });
  });
  test("the canonical name wins over a synonym when both are present, and each header cell serves one column", () => {
    expect(matchColumns(["建筑面积", "专有面积", "网格", "房号"], spec).mapping).toMatchObject({ area: 1 });
    expect(matchColumns(["面积", "网格", "房号", "面积"], spec).mapping).toMatchObject({ area: 0 });
  });
  test("missing lists the required columns not found; optional ones are not missing", () => {
    expect(matchColumns(["楼号", "房号"], spec)).toEqual({ mapping: { unit: 1 }, missing: ["grid", "area"] });
  });
  test("a manual mapping wins and takes its header cell away from name matching; out-of-range indexes are ignored", () => {
    expect(matchColumns(["区", "房号", "面积"], spec, { grid: 0 })).toEqual({ mapping: { grid: 0, unit: 1, area: 2 }, missing: [] });
    expect(matchColumns(["面积", "房号", "网格"], spec, { unit: 0 })).toEqual({ mapping: { unit: 0, grid: 2 }, missing: ["area"] });
    expect(matchColumns(["网格", "房号"], spec, { area: 7, grid: -1 })).toEqual({ mapping: { grid: 0, unit: 1 }, missing: ["area"] });
  });
  test("columnNames and cellOf", () => {
    expect(columnNames(spec, ["grid", "area"])).toBe("网格、专有面积");
    expect(cellOf(["a", "b"], { unit: 1 }, "unit")).toBe("b");
    expect(cellOf(["a"], { unit: 3 }, "unit")).toBe("");
    expect(cellOf(["a"], {}, "unit")).toBe("");
  });
});

describe("estate names: grids and buildings", () => {
  test.each([["一", 1], ["九", 9], ["十", 10], ["十二", 12], ["二十", 20], ["九十九", 99], ["两", 2]])("chineseNumber %s = %d", (s, n) => expect(chineseNumber(s)).toBe(n));
  test.each([["十十"], ["一百"], ["abc"], [""]])("chineseNumber %j is null", (s) => expect(chineseNumber(s)).toBeNull());
  test.each([[1, "一"], [10, "十"], [12, "十二"], [20, "二十"], [45, "四十五"]])("chineseNumeral %d = %s", (n, s) => expect(chineseNumeral(n)).toBe(s));

  test.each([
    ["1", { code: "01", name: "第一网格" }],
    ["01", { code: "01", name: "第一网格" }],
    ["１", { code: "01", name: "第一网格" }],
    ["第1网格", { code: "01", name: "第一网格" }],
    ["第一网格", { code: "01", name: "第一网格" }],
    ["3号网格", { code: "03", name: "第三网格" }],
    ["网格12", { code: "12", name: "第十二网格" }],
    ["幸福里网格", { code: null, name: "幸福里网格" }],
    ["100", { code: null, name: "100" }],
  ])("grid %j → %j", (cell, read) => expect(readGridName(cell)).toEqual(read));
  test("an empty grid cell is null", () => expect(readGridName("  ")).toBeNull());

  test.each([
    ["3", { code: "03", name: "3号楼" }],
    ["03", { code: "03", name: "3号楼" }],
    ["3栋", { code: "03", name: "3号楼" }],
    ["3号楼", { code: "03", name: "3号楼" }],
    ["3幢", { code: "03", name: "3号楼" }],
    ["3#", { code: "03", name: "3号楼" }],
    ["3#楼", { code: "03", name: "3号楼" }],
    ["第3栋", { code: "03", name: "3号楼" }],
    ["三号楼", { code: "03", name: "3号楼" }],
    ["１２栋", { code: "12", name: "12号楼" }],
    ["A座", { code: null, name: "A座" }],
    ["商业楼", { code: null, name: "商业楼" }],
  ])("building %j → %j", (cell, read) => expect(readBuildingName(cell)).toEqual(read));

  test.each([["2", "2"], ["2单元", "2"], ["二单元", "2"], ["第2单元", "2"], ["", ""], ["东", "东"]])("entrance %j → %j", (cell, e) => expect(readEntrance(cell)).toBe(e));

  test("nextFreeCode takes the lowest free code and stops after 99", () => {
    const taken = new Set(["01", "03"]);
    expect(nextFreeCode(taken)).toBe("02");
    expect(nextFreeCode(taken)).toBe("04");
    const full = new Set(Array.from({ length: 99 }, (_, i) => String(i + 1).padStart(2, "0")));
    expect(nextFreeCode(full)).toBeNull();
  });
});
