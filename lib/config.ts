/**
 * The deployment's configuration: every environment variable the app reads, parsed in one place
 * with zod. A bad value stops the start with a message naming the variable (scripts/setup-db.ts
 * runs first in `npm start`, instrumentation.ts in the server, next.config.ts in `next build`),
 * instead of surfacing later as a wrong link, a silently distrusted proxy or a cookie that is not
 * Secure.
 *
 * Low layer: imports only zod and the pure trusted-proxy parser, with relative paths, because
 * next.config.ts loads it before any bundler alias exists. Next's own variables (NODE_ENV,
 * NEXT_RUNTIME, NEXT_DIST_DIR) stay where Next needs them. db/client.ts reads GRIDCOUNCIL_DB itself,
 * as db/ imports nothing from lib/; the value is checked here with the rest.
 */
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "./security/trusted-proxies.mjs";

export type TrustedProxies = ReturnType<typeof parseTrustedProxies>;

export type Config = {
  /** The SQLite file (absolute); its folder also holds uploads and the generated auth secret. */
  databaseFile: string;
  /** DATABASE_URL: the PostgreSQL database every app server shares (the SQLite file is then not used for data). */
  databaseUrl: string | undefined;
  /** The one public origin: links that leave the screen, next-auth's URLs, the same-origin check. */
  publicOrigin: string;
  /** Reverse proxies whose X-Forwarded-For is believed. */
  trustedProxies: TrustedProxies;
  /** GRIDCOUNCIL_INSECURE_COOKIES=1: session cookies without Secure, for a trial on a LAN without HTTPS. */
  insecureCookies: boolean;
  /** A CJK font file for record PDFs, when the system's is elsewhere. */
  pdfFont: string | undefined;
  /**
   * GRIDCOUNCIL_MODE: "demo" (the default, the Quick start) or "production", a real community's
   * deployment, which never seeds the demo and refuses to start on a database holding it.
   */
  mode: "demo" | "production";
  /** What a fresh database is filled with on first start ("none" in production mode). */
  seed: "demo" | "none";
  /** The session-signing secret when the deployer sets one (else one is generated beside the database). */
  authSecret: string | undefined;
  /** Text messages through Tencent Cloud SMS (lib/notify/channels/sms.ts); null when not configured: SMS is off. */
  sms: SmsConfig | null;
};

/** The message kinds (lib/domain/reminders.ts messageKinds) and the variable that names each one's SMS template. */
export const smsTemplateVariables = {
  ownersBallotClosing: "GRIDCOUNCIL_SMS_TEMPLATE_OWNERS_BALLOT_CLOSING",
  ballotClosing: "GRIDCOUNCIL_SMS_TEMPLATE_BALLOT_CLOSING",
  meetingTomorrow: "GRIDCOUNCIL_SMS_TEMPLATE_MEETING_TOMORROW",
  cosignClosing: "GRIDCOUNCIL_SMS_TEMPLATE_COSIGN_CLOSING",
  taskDue: "GRIDCOUNCIL_SMS_TEMPLATE_TASK_DUE",
  taskOverdue: "GRIDCOUNCIL_SMS_TEMPLATE_TASK_OVERDUE",
  ratingDue: "GRIDCOUNCIL_SMS_TEMPLATE_RATING_DUE",
  activationCode: "GRIDCOUNCIL_SMS_TEMPLATE_ACTIVATION_CODE",
} as const;
export type SmsTemplateKind = keyof typeof smsTemplateVariables;

export type SmsConfig = {
  secretId: string;
  secretKey: string;
  /** The SMS application (SmsSdkAppId). */
  appId: string;
  /** The approved signature (签名) every message starts with. */
  signName: string;
  region: "ap-guangzhou" | "ap-beijing" | "ap-nanjing";
  /** Where requests go instead of https://sms.tencentcloudapi.com (a test receiver, an egress gateway); the request itself is unchanged. */
  endpoint: string | undefined;
  /** The approved template of each message kind; a kind without one goes to the inbox only. */
  templates: Partial<Record<SmsTemplateKind, string>>;
};

/** The four settings without which no message can be sent; all or none. */
const SMS_REQUIRED = ["GRIDCOUNCIL_SMS_SECRET_ID", "GRIDCOUNCIL_SMS_SECRET_KEY", "GRIDCOUNCIL_SMS_APP_ID", "GRIDCOUNCIL_SMS_SIGN_NAME"] as const;

export const PUBLIC_ORIGIN_VAR = "GRIDCOUNCIL_PUBLIC_ORIGIN";

export class PublicOriginError extends Error {}

/**
 * Validates a configured origin: an absolute http(s) URL with no path, query, fragment or user.
 * Unset, it is http://localhost:${PORT} (PORT defaulting to 3000), which the two-command start serves.
 */
export function parsePublicOrigin(raw: string | undefined, port: string | undefined = undefined): string {
  const value = raw?.trim();
  if (!value) return `http://localhost:${port?.trim() || "3000"}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new PublicOriginError(`${PUBLIC_ORIGIN_VAR}=${JSON.stringify(value)} is not an absolute URL; write it like https://council.example.org`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new PublicOriginError(`${PUBLIC_ORIGIN_VAR} must be an http:// or https:// URL, not ${url.protocol}`);
  if (url.username || url.password) throw new PublicOriginError(`${PUBLIC_ORIGIN_VAR} must not carry a user name or password`);
  if (url.pathname !== "/" || url.search || url.hash || /[?#]/.test(value)) {
    throw new PublicOriginError(`${PUBLIC_ORIGIN_VAR} is an origin only (scheme, host and port), with no path, query or fragment: ${url.origin}`);
  }
  return url.origin;
}

/** An unset variable and an empty one mean the same: the default. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/** A postgres:// URL that parses as one (checked without ever repeating it: it may hold a password). */
function isPostgresUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === "postgres:" || u.protocol === "postgresql:") && u.hostname !== "" && !/\s/.test(v);
  } catch {
    return false;
  }
}

/** A database URL fit for a message or a log line: its password left out (never the URL itself when it does not parse). */
export function redactedDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(DATABASE_URL is not a valid URL)";
  }
}

/** Runs one of the hand-written parsers inside the schema, so its message reaches the one report. */
const parsedBy =
  <T>(parse: (value: string | undefined) => T) =>
  (value: string | undefined, ctx: z.RefinementCtx): T => {
    try {
      return parse(value);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: e instanceof Error ? e.message : String(e) });
      return z.NEVER;
    }
  };

const schema = z.object({
  // As given, not trimmed: db/client.ts resolves the same text.
  GRIDCOUNCIL_DB: z.string().min(1, "must name the database file, or be unset for data/gridcouncil.db").optional(),
  // Read by lib/uploads/names.ts; checked here so a bad value stops the start.
  GRIDCOUNCIL_UPLOADS: optionalText.refine((v) => v === undefined || !v.includes("\0"), "must be a folder path"),
  // PostgreSQL instead of the SQLite file (db/client.ts openConfiguredDatabase).
  DATABASE_URL: optionalText.refine((v) => v === undefined || isPostgresUrl(v), "must be a PostgreSQL connection URL, postgres://user:password@host:5432/database (a password with @ # / ? or % percent-encoded), or unset for the SQLite file"),
  PORT: optionalText.refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), "must be a port number from 1 to 65535"),
  GRIDCOUNCIL_PUBLIC_ORIGIN: z.string().optional(),
  GRIDCOUNCIL_TRUSTED_PROXIES: z.string().optional().transform(parsedBy((v) => parseTrustedProxies(v))),
  GRIDCOUNCIL_INSECURE_COOKIES: optionalText.pipe(z.enum(["0", "1"], { error: "must be 1 (session cookies without Secure, for a trial without HTTPS), 0, or unset" }).optional()),
  GRIDCOUNCIL_PDF_FONT: optionalText,
  GRIDCOUNCIL_MODE: optionalText.pipe(z.enum(["demo", "production"], { error: 'must be "demo" (the default) or "production" (a real community: no demo data, refused on a database holding it)' }).optional()),
  GRIDCOUNCIL_SEED: optionalText.pipe(z.enum(["demo", "none"], { error: 'must be "demo" (the default) or "none" (start with an empty database)' }).optional()),
  // As given: trimming would change the key that signed the sessions already handed out.
  NEXTAUTH_SECRET: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  GRIDCOUNCIL_SMS_SECRET_ID: optionalText,
  // As given, like NEXTAUTH_SECRET: a key is never trimmed into another one.
  GRIDCOUNCIL_SMS_SECRET_KEY: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  GRIDCOUNCIL_SMS_APP_ID: optionalText.refine((v) => v === undefined || /^\d{6,12}$/.test(v), "must be the SMS application's SdkAppId, digits only (e.g. 1400006666)"),
  GRIDCOUNCIL_SMS_SIGN_NAME: optionalText.refine((v) => v === undefined || v.length <= 20, "must be the approved signature's text (at most 20 characters), without the 【】"),
  GRIDCOUNCIL_SMS_REGION: optionalText.pipe(z.enum(["ap-guangzhou", "ap-beijing", "ap-nanjing"], { error: 'must be "ap-guangzhou" (the default), "ap-beijing" or "ap-nanjing"' }).optional()),
  GRIDCOUNCIL_SMS_ENDPOINT: optionalText.refine((v) => v === undefined || /^https?:\/\/[^/?#@\s]+\/?$/.test(v), "must be an http:// or https:// origin (scheme, host and port), e.g. http://127.0.0.1:9000"),
  ...(Object.fromEntries(
    Object.values(smsTemplateVariables).map((name) => [name, optionalText.refine((v) => v === undefined || /^\d{1,12}$/.test(v), "must be an approved template's id, digits only")]),
  ) as Record<(typeof smsTemplateVariables)[SmsTemplateKind], typeof optionalText>),
});

/** The variables read here, in the order the README lists them. */
export const configVariables = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** A configuration that cannot be used; the message names each variable that is wrong and why. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(problems.map((p) => (p.message.includes(p.variable) ? p.message : `${p.variable}: ${p.message}`)).join("\n"));
    this.name = "ConfigError";
  }
}

/** Parses an environment (process.env, or a test's own) into the configuration, or throws ConfigError. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const picked = Object.fromEntries(configVariables.map((k) => [k, env[k]]));
  const result = schema.safeParse(picked);
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => ({ variable: String(i.path[0] ?? "configuration"), message: i.message })));
  const v = result.data;
  const mode = v.GRIDCOUNCIL_MODE ?? "demo";
  // Refused rather than ignored: whoever asked for both should learn which one wins.
  if (mode === "production" && v.GRIDCOUNCIL_SEED === "demo") {
    throw new ConfigError([{ variable: "GRIDCOUNCIL_SEED", message: 'GRIDCOUNCIL_SEED=demo cannot be used with GRIDCOUNCIL_MODE=production, which never seeds the demo; unset GRIDCOUNCIL_SEED (or set it to "none"), or try the demo without GRIDCOUNCIL_MODE' }]);
  }
  // Several app servers share one PostgreSQL database: a secret each made for itself would sign
  // sessions the others refuse, so a signed-in person would be signed out on every other request.
  if (v.DATABASE_URL && !v.NEXTAUTH_SECRET) {
    throw new ConfigError([{ variable: "NEXTAUTH_SECRET", message: "NEXTAUTH_SECRET must be set with DATABASE_URL: every app server on the database signs sessions with it, so give each the same long random value (e.g. openssl rand -base64 32)" }]);
  }
  const smsSet = SMS_REQUIRED.filter((k) => v[k] !== undefined);
  // Half a configuration is refused rather than read as "off": whoever set a key meant SMS to work.
  if (smsSet.length > 0 && smsSet.length < SMS_REQUIRED.length) {
    throw new ConfigError(SMS_REQUIRED.filter((k) => v[k] === undefined).map((k) => ({ variable: k, message: `${k} must be set too: SMS needs ${SMS_REQUIRED.join(", ")} (or none of them, and SMS is off)` })));
  }
  const templates: Partial<Record<SmsTemplateKind, string>> = {};
  for (const [kind, name] of Object.entries(smsTemplateVariables) as [SmsTemplateKind, (typeof smsTemplateVariables)[SmsTemplateKind]][]) {
    const id = v[name];
    if (id) templates[kind] = id;
  }
  const sms: SmsConfig | null =
    smsSet.length === SMS_REQUIRED.length
      ? {
          secretId: v.GRIDCOUNCIL_SMS_SECRET_ID!,
          secretKey: v.GRIDCOUNCIL_SMS_SECRET_KEY!,
          appId: v.GRIDCOUNCIL_SMS_APP_ID!,
          signName: v.GRIDCOUNCIL_SMS_SIGN_NAME!,
          region: v.GRIDCOUNCIL_SMS_REGION ?? "ap-guangzhou",
          endpoint: v.GRIDCOUNCIL_SMS_ENDPOINT?.replace(/\/$/, ""),
          templates,
        }
      : null;
  let publicOrigin: string;
  try {
    publicOrigin = parsePublicOrigin(v.GRIDCOUNCIL_PUBLIC_ORIGIN, v.PORT);
  } catch (e) {
    throw new ConfigError([{ variable: PUBLIC_ORIGIN_VAR, message: (e as Error).message }]);
  }
  return {
    // Relative to the working directory, as the scripts and the server all start from the project root.
    databaseFile: path.resolve(/*turbopackIgnore: true*/ v.GRIDCOUNCIL_DB ?? path.join("data", "gridcouncil.db")),
    databaseUrl: v.DATABASE_URL,
    publicOrigin,
    trustedProxies: v.GRIDCOUNCIL_TRUSTED_PROXIES,
    insecureCookies: v.GRIDCOUNCIL_INSECURE_COOKIES === "1",
    pdfFont: v.GRIDCOUNCIL_PDF_FONT,
    mode,
    seed: v.GRIDCOUNCIL_SEED ?? (mode === "production" ? "none" : "demo"),
    authSecret: v.NEXTAUTH_SECRET,
    sms,
  };
}

let cached: { key: string; config: Config } | null = null;

/**
 * The configuration of this process, parsed on first use and again only if a variable changed.
 * In a server the environment is fixed at start, so this is one parse; tests set GRIDCOUNCIL_*
 * per file or per test and get what they set.
 */
export function config(): Config {
  const key = JSON.stringify(configVariables.map((k) => process.env[k] ?? null));
  if (cached?.key !== key) cached = { key, config: parseConfig(process.env) };
  return cached.config;
}

/**
 * The configuration, or — when a setting is wrong — the message on stderr and exit code 1: for
 * the places a process starts (scripts/setup-db.ts, instrumentation.ts), which must not go on.
 */
export function configOrExit(): Config {
  try {
    return config();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(`[gridcouncil] configuration: ${e.message}`);
    process.exit(1);
  }
}
