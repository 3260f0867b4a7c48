import { NextRequest } from "next/server";
import { describe, expect, test } from "vitest";
import { readFieldsAndFiles, readForm, readJson } from "@/lib/api/handler";
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

describe("readFieldsAndFiles: the one reader for routes that take JSON or a form with files", () => {
  const multipart = (fd: FormData) => new NextRequest("http://localhost/api/v1/x", { method: "POST", body: fd });

  test("a form gives its text fields and the real files of the named field only", async () => {
    const fd = new FormData();
    fd.append("title", "楼道灯坏了");
    fd.append("photos", new File([new Uint8Array([1, 2, 3])], "a.jpg", { type: "image/jpeg" }));
    fd.append("photos", new File([new Uint8Array([4, 5])], "b.png", { type: "image/png" }));
    // A 0-byte file is no photo (a browser sends one for a file input left empty).
    fd.append("photos", new File([], "empty.jpg", { type: "image/jpeg" }));
    fd.append("scan", new File([new Uint8Array([9])], "scan.jpg", { type: "image/jpeg" }));
    const { fields, files } = await readFieldsAndFiles(multipart(fd), "photos");
    expect(fields).toEqual({ title: "楼道灯坏了" });
    expect(files.map((f) => [f.name, f.size])).toEqual([
      ["a.jpg", 3],
      ["b.png", 2],
    ]);
  });

  test("JSON gives its fields and no files; it is refused like readJson refuses it", async () => {
    await expect(readFieldsAndFiles(req('{"title":"楼道灯坏了"}'), "photos")).resolves.toEqual({ fields: { title: "楼道灯坏了" }, files: [] });
    expect((await refusal(readFieldsAndFiles(req("[1]"), "photos"))).zh.status).toBe(422);
    expect((await refusal(readFieldsAndFiles(req(JSON.stringify({ a: "x".repeat(1_100_000) })), "photos"))).zh.body.message).toBe("提交的内容过大");
  });

  test("a malformed or declared-oversized form is refused like readForm refuses it", async () => {
    const garbage = await refusal(readFieldsAndFiles(req("not a multipart body", { "content-type": "multipart/form-data; boundary=xyz" }), "photos"));
    expect(garbage.en.body.message).toContain("form");
    const huge = await refusal(readFieldsAndFiles(req("x", { "content-type": "multipart/form-data; boundary=xyz", "content-length": String(51_000_000) }), "photos"));
    expect(huge.zh.body.message).toBe("提交的内容过大");
  });
});

describe("a chunked body that declares no length is measured as it arrives", () => {
  /** A request whose body is a stream: sent chunked, without Content-Length. */
  const streamed = (body: ReadableStream<Uint8Array>, contentType: string) =>
    new NextRequest("http://localhost/api/v1/x", { method: "POST", body, headers: { "content-type": contentType }, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]);

  /** A body sent in 64 KB chunks with no Content-Length; `pulled` counts what the server read. */
  function chunked(total: number, contentType: string) {
    const chunk = new Uint8Array(65_536).fill(0x61);
    const seen = { pulled: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (seen.pulled >= total) return controller.close();
        seen.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = streamed(body, contentType);
    expect(request.headers.get("content-length")).toBeNull();
    return { request, seen };
  }

  test("JSON: refused once past 1 MB, without reading the rest", async () => {
    const { request, seen } = chunked(200_000_000, "application/json");
    expect((await refusal(readJson(request))).zh.body.message).toBe("提交的内容过大");
    expect(seen.pulled).toBeLessThan(2_000_000);
  });

  test("multipart: refused once past 50 MB, without reading the rest", async () => {
    const { request, seen } = chunked(1_000_000_000, "multipart/form-data; boundary=xyz");
    expect((await refusal(readFieldsAndFiles(request, "photos"))).zh.body.message).toBe("提交的内容过大");
    expect(seen.pulled).toBeLessThan(52_000_000);
  });

  test("a small chunked JSON body is read as any other", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"reason":"占用'));
        controller.enqueue(new TextEncoder().encode('消防通道"}'));
        controller.close();
      },
    });
    await expect(readJson(streamed(body, "application/json"))).resolves.toEqual({ reason: "占用消防通道" });
  });
});
