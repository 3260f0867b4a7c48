import "server-only";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { sms } from "tencentcloud-sdk-nodejs-sms";
import { config, type SmsConfig } from "@/lib/config";
import { smsTemplateValues } from "../kinds";
import { smsErrorIsRetryable, transportErrorNeverSent } from "./sms-errors";
import type { Channel, OutgoingMessage, SendOutcome } from "./types";

const HOST = "sms.tencentcloudapi.com";
const TIMEOUT_SECONDS = 15;

/**
 * An agent that opens every connection to the configured endpoint instead of the API's host, so
 * the request — Host header, signature, body — stays exactly what Tencent Cloud would receive.
 * (Pointing the SDK's `endpoint` at 127.0.0.1 instead would change the signed service name.)
 */
function agentFor(endpoint: string): http.Agent {
  const url = new URL(endpoint);
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (url.protocol === "https:") {
    const agent = new https.Agent({ keepAlive: false });
    agent.createConnection = () => tls.connect({ host, port, servername: net.isIP(host) ? undefined : host });
    return agent;
  }
  const agent = new http.Agent({ keepAlive: false });
  agent.createConnection = () => net.connect({ host, port });
  return agent;
}

function clientFor(settings: SmsConfig) {
  return new sms.v20210111.Client({
    credential: { secretId: settings.secretId, secretKey: settings.secretKey },
    region: settings.region,
    profile: {
      httpProfile: {
        endpoint: HOST,
        reqTimeout: TIMEOUT_SECONDS,
        ...(settings.endpoint ? { protocol: `${new URL(settings.endpoint).protocol}//`, agent: agentFor(settings.endpoint) } : {}),
      },
    },
  });
}

/** +86 and the eleven digits: the form the API documents for mainland numbers. */
export function e164(phone: string): string {
  return phone.startsWith("+") ? phone : `+86${phone}`;
}

type SdkError = { code?: string; message?: string; httpCode?: number };

/** One message through SendSms; never throws: every failure becomes an outcome the outbox records. */
export async function sendSms(settings: SmsConfig, message: OutgoingMessage): Promise<SendOutcome> {
  const templateId = settings.templates[message.kind];
  if (!templateId) return { ok: false, error: "NoTemplate", retryable: false };
  try {
    const answer = await clientFor(settings).SendSms({
      SmsSdkAppId: settings.appId,
      SignName: settings.signName,
      TemplateId: templateId,
      TemplateParamSet: smsTemplateValues(message.kind, message.params, message.secretParams),
      PhoneNumberSet: [e164(message.phone)],
      // Ours, echoed back in the delivery receipt: which outbox row this was (never the content).
      SessionContext: `outbox:${message.id}`,
    });
    const status = answer.SendStatusSet?.[0];
    if (status?.Code === "Ok") return { ok: true, providerRef: status.SerialNo };
    const code = status?.Code ?? "NoSendStatus";
    return { ok: false, error: code, retryable: smsErrorIsRetryable(code) };
  } catch (e) {
    const err = e as SdkError;
    if (err.code) return { ok: false, error: err.code, retryable: smsErrorIsRetryable(err.code) };
    // An HTTP error status: the provider answered without taking the message.
    if (err.httpCode) return { ok: false, error: `HTTP ${err.httpCode}`, retryable: err.httpCode >= 500 || err.httpCode === 429 };
    const text = String(err.message ?? e);
    if (transportErrorNeverSent(text)) return { ok: false, error: "Unreachable", retryable: true };
    // A timeout or a cut connection: the message may have gone out. At most once: given up, for an admin to look at.
    return { ok: false, error: "OutcomeUnknown", retryable: false };
  }
}

/** SMS through Tencent Cloud: available when configured (lib/config.ts), else off. */
export const smsChannel: Channel = {
  name: "sms",
  kind: "remote",
  available: () => config().sms !== null,
  async send(message) {
    const settings = config().sms;
    if (!settings) return { ok: false, error: "SmsOff", retryable: false };
    return sendSms(settings, message);
  },
};
