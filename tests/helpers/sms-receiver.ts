import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for Tencent Cloud SMS (sms.tencentcloudapi.com, SendSms 2021-01-11) on 127.0.0.1,
 * for tests: the app's SDK is pointed at it with GRIDCOUNCIL_SMS_ENDPOINT and sends exactly the
 * request it would send to the provider. It checks what the provider checks — the TC3-HMAC-SHA256
 * signature against the test secret, the action, version and region headers, the timestamp, the
 * application id, the signature name, that the template exists and gets exactly as many
 * parameters as it has variables (each within the length limit), and the numbers — and answers in
 * the provider's JSON shape: a SendStatusSet, or Response.Error with the provider's codes.
 */
export type ReceivedSms = { phone: string; templateId: string; params: string[]; sessionContext: string; serialNo: string };

export type SmsReceiver = {
  endpoint: string;
  /** Messages the "provider" accepted, in order. */
  accepted: ReceivedSms[];
  /** Every request's answer code ("Ok" or the error code), in order. */
  answers: string[];
  /** Answer the next `times` well-formed requests with this error code (a provider fault, a rate limit…). */
  failNext(code: string, times?: number): void;
  /** Forget what was received and any forced errors (between tests). */
  reset(): void;
  /** Hold each answer this long (to make two senders overlap). */
  delayMs: number;
  close(): Promise<void>;
};

const HOST = "sms.tencentcloudapi.com";
const PARAM_MAX = 12;

const hmac = (key: string | Buffer, message: string) => createHmac("sha256", key).update(message).digest();
const sha256hex = (message: string | Buffer) => createHash("sha256").update(message).digest("hex");

/** The TC3-HMAC-SHA256 signature the provider computes for a request (its documented v3 signing). */
export function tc3Signature(o: { secretKey: string; timestamp: number; contentType: string; host: string; body: string; service: string }): string {
  const canonical = ["POST", "/", "", `content-type:${o.contentType}\nhost:${o.host}\n`, "content-type;host", sha256hex(o.body)].join("\n");
  const date = new Date(o.timestamp * 1000).toISOString().slice(0, 10);
  const toSign = ["TC3-HMAC-SHA256", String(o.timestamp), `${date}/${o.service}/tc3_request`, sha256hex(canonical)].join("\n");
  const kDate = hmac(`TC3${o.secretKey}`, date);
  const kService = hmac(kDate, o.service);
  const kSigning = hmac(kService, "tc3_request");
  return createHmac("sha256", kSigning).update(toSign).digest("hex");
}

export async function startSmsReceiver(opts: { secretId: string; secretKey: string; appId: string; signName: string; templates: Record<string, number> }): Promise<SmsReceiver> {
  const accepted: ReceivedSms[] = [];
  const answers: string[] = [];
  const forced: string[] = [];
  const state = { delayMs: 0 };

  const check = (req: http.IncomingMessage, body: string): { code: string; message: string } | { ok: unknown } => {
    const h = req.headers;
    if (req.method !== "POST" || req.url !== "/") return { code: "InvalidAction", message: `unexpected ${req.method} ${req.url}` };
    if (h.host !== HOST) return { code: "InvalidParameter", message: `Host must be ${HOST}, got ${h.host}` };
    if (h["x-tc-action"] !== "SendSms") return { code: "InvalidAction", message: `action ${h["x-tc-action"]}` };
    if (h["x-tc-version"] !== "2021-01-11") return { code: "NoSuchVersion", message: `version ${h["x-tc-version"]}` };
    if (!["ap-guangzhou", "ap-beijing", "ap-nanjing"].includes(String(h["x-tc-region"]))) return { code: "UnsupportedRegion", message: `region ${h["x-tc-region"]}` };
    const timestamp = Number(h["x-tc-timestamp"]);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return { code: "AuthFailure.SignatureExpire", message: "timestamp out of range" };
    const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(String(h.authorization ?? ""));
    if (!auth) return { code: "AuthFailure.InvalidAuthorization", message: "malformed Authorization" };
    const [, secretId, date, service, signedHeaders, signature] = auth as unknown as [string, string, string, string, string, string];
    if (secretId !== opts.secretId) return { code: "AuthFailure.SecretIdNotFound", message: "unknown SecretId" };
    if (service !== "sms" || signedHeaders !== "content-type;host" || date !== new Date(timestamp * 1000).toISOString().slice(0, 10)) return { code: "AuthFailure.InvalidAuthorization", message: "credential scope" };
    const expected = tc3Signature({ secretKey: opts.secretKey, timestamp, contentType: String(h["content-type"]), host: HOST, body, service });
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return { code: "AuthFailure.SignatureFailure", message: "signature mismatch" };
    let req2: Record<string, unknown>;
    try {
      req2 = JSON.parse(body);
    } catch {
      return { code: "InvalidParameter", message: "body is not JSON" };
    }
    if (req2.SmsSdkAppId !== opts.appId) return { code: "UnauthorizedOperation.SmsSdkAppIdVerifyFail", message: "SmsSdkAppId" };
    if (req2.SignName !== opts.signName) return { code: "FailedOperation.SignatureIncorrectOrUnapproved", message: "SignName" };
    const templateId = String(req2.TemplateId);
    const count = opts.templates[templateId];
    if (count === undefined) return { code: "FailedOperation.TemplateIncorrectOrUnapproved", message: "TemplateId" };
    const params = req2.TemplateParamSet;
    if (!Array.isArray(params) || params.length !== count || !params.every((p) => typeof p === "string")) return { code: "FailedOperation.TemplateParamSetNotMatchApprovedTemplate", message: `template ${templateId} has ${count} variables` };
    if (params.some((p: string) => [...p].length > PARAM_MAX || p.length === 0)) return { code: "InvalidParameterValue.TemplateParameterLengthLimit", message: "variable length" };
    const phones = req2.PhoneNumberSet;
    if (!Array.isArray(phones) || phones.length === 0 || phones.length > 200) return { code: "InvalidParameterValue.IncorrectPhoneNumber", message: "PhoneNumberSet" };
    if (forced.length) {
      const code = forced.shift()!;
      return { code, message: "forced by the test" };
    }
    const set = phones.map((phone: unknown) => {
      const serialNo = randomUUID();
      if (typeof phone !== "string" || !/^\+861\d{10}$/.test(phone)) return { SerialNo: "", PhoneNumber: String(phone), Fee: 0, SessionContext: String(req2.SessionContext ?? ""), Code: "InvalidParameterValue.IncorrectPhoneNumber", Message: "incorrect number", IsoCode: "" };
      accepted.push({ phone, templateId, params, sessionContext: String(req2.SessionContext ?? ""), serialNo });
      return { SerialNo: serialNo, PhoneNumber: phone, Fee: 1, SessionContext: String(req2.SessionContext ?? ""), Code: "Ok", Message: "send success", IsoCode: "CN" };
    });
    return { ok: set };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const outcome = check(req, body);
      const requestId = randomUUID();
      const reply = "ok" in outcome ? { Response: { SendStatusSet: outcome.ok, RequestId: requestId } } : { Response: { Error: { Code: outcome.code, Message: outcome.message }, RequestId: requestId } };
      answers.push("ok" in outcome ? (outcome.ok as { Code: string }[]).map((s) => s.Code).join(",") : outcome.code);
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json", "x-tc-traceid": requestId });
        res.end(JSON.stringify(reply));
      }, state.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accepted,
    answers,
    failNext: (code, times = 1) => void forced.push(...Array<string>(times).fill(code)),
    reset() {
      accepted.length = 0;
      answers.length = 0;
      forced.length = 0;
      state.delayMs = 0;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(v: number) {
      state.delayMs = v;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
