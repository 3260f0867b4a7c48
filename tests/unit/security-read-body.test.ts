import { NextRequest } from "next/server";
import { describe, expect, test } from "vitest";
import { readForm, readJson } from "@/lib/api/handler";
import { describeError } from "@/lib/describe-error";
import { AppError } from "@/lib/errors";

const req = (body: BodyInit | undefined, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new NextRequest("http://localhost/api/v1/x", { method: "POST", body, headers });

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return { zh: describeError(e, "zh-CN"), en: describeError(e, "en") };
}

describe("readJson: only a JSON object of sensible size gets through", () => {
  test("an object is returned as it is; an empty body reads as no fields", async () => {
    await expect(readJson(req('{"reason":"占用消防通道"}'))).resolves.toEqual({ reason: "占用消防通道" });
    await expect(readJson(req(""))).resolves.toEqual({});
    await expect(readJson(req("{}", { "content-type": "application/json; charset=utf-8" }))).resolves.toEqual({});
  });

  test.each([["[1,2]"], ["null"], ["42"], ['"text"'], ["true"]])("%s is refused with 422 and a message that says an object is needed", async (body) => {
    const { zh, en } = await refusal(readJson(req(body)));
    expect(zh.status).toBe(422);
    expect(zh.body.message).toContain("JSON 对象");
    expect(en.body.message).toContain("JSON object");
  });

  test("text that is not JSON, and JSON sent under another content type, are refused", async () => {
    expect((await refusal(readJson(req("{oops")))).zh.body.message).toBe("请求内容不是有效的 JSON");
    const plain = await refusal(readJson(req('{"a":1}', { "content-type": "text/plain" })));
    expect(plain.zh.status).toBe(422);
    expect(plain.en.body.message).toContain("application/json");
    const form = await refusal(readJson(req("a=1", { "content-type": "application/x-www-form-urlencoded" })));
    expect(form.zh.status).toBe(422);
  });

  test("a body over 1 MB is refused before it is parsed", async () => {
    const { zh } = await refusal(readJson(req(JSON.stringify({ a: "x".repeat(1_100_000) }))));
    expect(zh.status).toBe(422);
    expect(zh.body.message).toBe("提交的内容过大");
  });
});

describe("readForm: a malformed multipart body is the caller's mistake", () => {
  test("garbage under a multipart content type answers 422, not 500", async () => {
    const { zh, en } = await refusal(readForm(req("not a multipart body", { "content-type": "multipart/form-data; boundary=xyz" })));
    expect(zh.status).toBe(422);
    expect(zh.body.message).toContain("表单");
    expect(en.body.message).toContain("form");
  });

  test("a well-formed form is read", async () => {
    const fd = new FormData();
    fd.append("electorKey", "person:7");
    const form = await readForm(new NextRequest("http://localhost/api/v1/x", { method: "POST", body: fd }));
    expect(form.get("electorKey")).toBe("person:7");
  });
});
