import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

const full = {
  GRIDCOUNCIL_SMS_SECRET_ID: "AKIDexample",
  GRIDCOUNCIL_SMS_SECRET_KEY: " key with spaces kept ",
  GRIDCOUNCIL_SMS_APP_ID: "1400006666",
  GRIDCOUNCIL_SMS_SIGN_NAME: "网格议事厅",
};

describe("SMS configuration", () => {
  it("is off without any SMS variable", () => {
    expect(parseConfig({}).sms).toBeNull();
  });

  it("is on with the four settings, in ap-guangzhou unless told, with a template per kind that has one", () => {
    const sms = parseConfig({ ...full, GRIDCOUNCIL_SMS_TEMPLATE_BALLOT_CLOSING: "1234567", GRIDCOUNCIL_SMS_TEMPLATE_ACTIVATION_CODE: " 7654321 " }).sms;
    expect(sms).toEqual({
      secretId: "AKIDexample",
      secretKey: " key with spaces kept ",
      appId: "1400006666",
      signName: "网格议事厅",
      region: "ap-guangzhou",
      endpoint: undefined,
      templates: { ballotClosing: "1234567", activationCode: "7654321" },
    });
    expect(parseConfig({ ...full, GRIDCOUNCIL_SMS_REGION: "ap-beijing", GRIDCOUNCIL_SMS_ENDPOINT: "http://127.0.0.1:9000/" }).sms).toMatchObject({ region: "ap-beijing", endpoint: "http://127.0.0.1:9000" });
  });

  it("refuses half a configuration, naming each missing variable", () => {
    const { GRIDCOUNCIL_SMS_SECRET_KEY: _k, GRIDCOUNCIL_SMS_SIGN_NAME: _s, ...half } = full;
    try {
      parseConfig(half);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.variable)).toEqual(["GRIDCOUNCIL_SMS_SECRET_KEY", "GRIDCOUNCIL_SMS_SIGN_NAME"]);
    }
  });

  it("refuses malformed values with the variable's name", () => {
    const bad = (env: Record<string, string>) => {
      try {
        parseConfig({ ...full, ...env });
        return null;
      } catch (e) {
        return (e as ConfigError).problems.map((p) => p.variable);
      }
    };
    expect(bad({ GRIDCOUNCIL_SMS_APP_ID: "app-1" })).toEqual(["GRIDCOUNCIL_SMS_APP_ID"]);
    expect(bad({ GRIDCOUNCIL_SMS_REGION: "us-east-1" })).toEqual(["GRIDCOUNCIL_SMS_REGION"]);
    expect(bad({ GRIDCOUNCIL_SMS_ENDPOINT: "http://127.0.0.1:9000/path" })).toEqual(["GRIDCOUNCIL_SMS_ENDPOINT"]);
    expect(bad({ GRIDCOUNCIL_SMS_ENDPOINT: "ftp://x" })).toEqual(["GRIDCOUNCIL_SMS_ENDPOINT"]);
    expect(bad({ GRIDCOUNCIL_SMS_TEMPLATE_TASK_DUE: "SMS_123" })).toEqual(["GRIDCOUNCIL_SMS_TEMPLATE_TASK_DUE"]);
    expect(bad({})).toBeNull();
  });
});
