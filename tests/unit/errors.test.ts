import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z, ZodError } from "zod";
import { describeError } from "@/lib/describe-error";
import { AppError, forbidden, invalid, notFound, type ErrorCode } from "@/lib/errors";
import { defaultLocale, locales, pickLocale, type Locale } from "@/lib/i18n/config";
import { messages } from "@/lib/i18n/messages";
import { errorMessage } from "@/lib/i18n/translate";
import { registerInput, reviewRegistrationInput } from "@/lib/validation/people";

const catalog = (locale: Locale) => messages[locale].errors as Record<string, string>;
const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

function zodErrorOf(schema: z.ZodType, value: unknown): ZodError {
  const r = schema.safeParse(value);
  if (r.success) throw new Error("expected the schema to refuse the value");
  return r.error;
}

const validRegistration = { name: "张三", phone: "13912345678", password: "secret123", gridId: 1, buildingId: 1, unitId: 1, relation: "owner" };

describe("errorMessage", () => {
  it("translates a key into each language", () => {
    expect(errorMessage("zh-CN", "phoneFormat")).toBe(catalog("zh-CN").phoneFormat);
    expect(errorMessage("en", "phoneFormat")).toBe(catalog("en").phoneFormat);
    expect(hasChinese(errorMessage("zh-CN", "phoneFormat"))).toBe(true);
    expect(hasChinese(errorMessage("en", "phoneFormat"))).toBe(false);
  });

  it("falls back to the generic field message for a key it does not know, never showing the key", () => {
    expect(errorMessage("en", "noSuchKey")).toBe(catalog("en").invalidField);
    expect(errorMessage("zh-CN", "Invalid input: expected string")).toBe(catalog("zh-CN").invalidField);
  });

  it("interpolates parameters", () => {
    expect(errorMessage("en", "tooManyRows", { max: 5000 })).toContain("5000");
    expect(errorMessage("zh-CN", "tooManyRows", { max: 5000 })).toContain("5000");
  });

  it("every key exists in both languages", () => {
    expect(Object.keys(catalog("en")).sort()).toEqual(Object.keys(catalog("zh-CN")).sort());
  });
});

describe("describeError: invalid input (ZodError)", () => {
  it("answers 422 with the field's message in Chinese", () => {
    const { status, body } = describeError(zodErrorOf(registerInput, { ...validRegistration, phone: "12345" }), "zh-CN");
    expect(status).toBe(422);
    expect(body.code).toBe("invalid_input");
    expect(body.fields).toEqual({ phone: catalog("zh-CN").phoneFormat });
    expect(body.message).toBe(catalog("zh-CN").phoneFormat);
    expect(hasChinese(body.message)).toBe(true);
  });

  it("answers 422 with the field's message in English", () => {
    const { status, body } = describeError(zodErrorOf(registerInput, { ...validRegistration, phone: "12345" }), "en");
    expect(status).toBe(422);
    expect(body.fields).toEqual({ phone: catalog("en").phoneFormat });
    expect(body.message).toBe(catalog("en").phoneFormat);
  });

  it("marks every wrong field, one message per field", () => {
    const e = zodErrorOf(registerInput, { ...validRegistration, phone: "abc", password: "short", name: "", relation: "landlord" });
    const { body } = describeError(e, "en");
    expect(body.fields).toEqual({
      phone: catalog("en").phoneFormat,
      password: catalog("en").passwordTooShort,
      name: catalog("en").nameRequired,
      relation: catalog("en").relationRequired,
    });
    expect(Object.values(body.fields!)).toContain(body.message);
  });

  it("names a missing field with its 'required' message", () => {
    const { body } = describeError(zodErrorOf(registerInput, {}), "zh-CN");
    expect(body.fields?.phone).toBe(catalog("zh-CN").phoneRequired);
    expect(body.fields?.password).toBe(catalog("zh-CN").passwordRequired);
  });

  it("explains a rejection without a reason", () => {
    const { status, body } = describeError(zodErrorOf(reviewRegistrationInput, { personId: 1, decision: "reject" }), "en");
    expect(status).toBe(422);
    expect(body.fields).toEqual({ reason: catalog("en").reasonRequired });
  });

  it("uses the generic field message for a schema message that is not a key, never zod's English", () => {
    const { body } = describeError(zodErrorOf(z.object({ n: z.number() }), { n: "x" }), "zh-CN");
    expect(body.fields).toEqual({ n: catalog("zh-CN").invalidField });
  });

  it("files a whole-input problem under '_' and nested fields under a dotted path", () => {
    expect(describeError(zodErrorOf(z.string({ error: "nameRequired" }), 1), "en").body.fields).toEqual({ _: catalog("en").nameRequired });
    const nested = z.object({ owner: z.object({ phone: z.string().regex(/^1\d{10}$/, { error: "phoneFormat" }) }) });
    expect(describeError(zodErrorOf(nested, { owner: { phone: "1" } }), "en").body.fields).toEqual({ "owner.phone": catalog("en").phoneFormat });
  });
});

describe("describeError: typed errors (AppError)", () => {
  const statuses: [ErrorCode, number][] = [
    ["invalid_input", 422],
    ["unauthenticated", 401],
    ["forbidden", 403],
    ["not_found", 404],
    ["conflict", 409],
    ["locked", 423],
  ];

  it.each(statuses)("%s answers %i", (code, status) => {
    const described = describeError(new AppError(code, "forbidden"), "en");
    expect(described.status).toBe(status);
    expect(described.body.code).toBe(code);
  });

  it("translates the message and the per-field messages", () => {
    const e = new AppError("conflict", "phoneTaken", {}, { phone: "phoneTaken" });
    for (const locale of locales) {
      const { status, body } = describeError(e, locale);
      expect(status).toBe(409);
      expect(body).toEqual({ code: "conflict", message: catalog(locale).phoneTaken, fields: { phone: catalog(locale).phoneTaken } });
    }
  });

  it("interpolates the parameters into the message (csvHeader)", () => {
    const e = invalid("csvHeader", {}, { expected: "楼栋,房号,面积" });
    const zh = describeError(e, "zh-CN");
    expect(zh.status).toBe(422);
    expect(zh.body.message).toBe(catalog("zh-CN").csvHeader!.replace("{expected}", "楼栋,房号,面积"));
    const en = describeError(e, "en");
    expect(en.body.message).toBe(catalog("en").csvHeader!.replace("{expected}", "楼栋,房号,面积"));
    expect(en.body.message).not.toContain("{expected}");
  });

  it("interpolates parameters into field messages too", () => {
    const e = invalid("invalidInput", { file: "csvInvalid" }, { count: 3 });
    expect(describeError(e, "en").body.fields).toEqual({ file: catalog("en").csvInvalid!.replace("{count}", "3") });
  });

  it("leaves out `fields` when there are none", () => {
    expect(describeError(forbidden(), "zh-CN").body).toEqual({ code: "forbidden", message: catalog("zh-CN").forbidden });
    expect(describeError(notFound("registrationNotFound"), "en")).toEqual({
      status: 404,
      body: { code: "not_found", message: catalog("en").registrationNotFound },
    });
  });
});

describe("describeError: anything else is a 500 that leaks nothing", () => {
  let logged: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    logged = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => logged.mockRestore());

  it.each(locales)("answers the generic message in %s, without the original text", (locale) => {
    const secret = "SqliteError: UNIQUE constraint failed: people.phone at /work/main/db/client.ts:42";
    const { status, body } = describeError(new Error(secret), locale);
    expect(status).toBe(500);
    expect(body).toEqual({ code: "internal", message: catalog(locale).internal });
    expect(JSON.stringify(body)).not.toContain("UNIQUE");
    expect(JSON.stringify(body)).not.toContain("people.phone");
    expect(JSON.stringify(body)).not.toContain("/work/main");
  });

  it("logs the original error for the operators", () => {
    const e = new TypeError("cannot read properties of undefined");
    describeError(e, "en");
    expect(logged).toHaveBeenCalledWith(e);
  });

  it("handles things thrown that are not errors", () => {
    expect(describeError("boom", "en")).toEqual({ status: 500, body: { code: "internal", message: catalog("en").internal } });
    expect(describeError(undefined, "zh-CN").status).toBe(500);
  });
});

describe("pickLocale", () => {
  it("the language cookie wins over the browser", () => {
    expect(pickLocale("en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(pickLocale("zh-CN", "en-US,en;q=0.9")).toBe("zh-CN");
  });

  it("ignores a cookie that is not one of our languages", () => {
    expect(pickLocale("fr", "en-GB,en;q=0.8")).toBe("en");
    expect(pickLocale("", "en")).toBe("en");
    expect(pickLocale("EN", null)).toBe("zh-CN");
  });

  it.each(["en", "en-US,en;q=0.9", "en-GB", "EN-us", " en-AU , zh;q=0.5"])("Accept-Language %j → en", (header) => {
    expect(pickLocale(undefined, header)).toBe("en");
  });

  it.each(["zh-CN,zh;q=0.9,en;q=0.8", "zh-TW", "fr-FR,en;q=0.5", "de", "*", ""])("Accept-Language %j → zh-CN", (header) => {
    expect(pickLocale(undefined, header)).toBe("zh-CN");
  });

  it("defaults to Chinese without cookie or header", () => {
    expect(pickLocale(undefined, null)).toBe("zh-CN");
    expect(defaultLocale).toBe("zh-CN");
  });
});
