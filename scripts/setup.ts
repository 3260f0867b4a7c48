/**
 * `npm run setup`: the first setup of a deployment in a terminal — the district, street office and
 * community (the letterhead of every notice) and the first administrator — through the use case
 * lib/setup/initialize.ts. Asks each question in turn (the password without echo), or takes the
 * answers from flags for automation, the password from GRIDCOUNCIL_ADMIN_PASSWORD (a flag would
 * show in the process list). Refuses once the database has a community or an administrator.
 * Exit 0 when set up, 1 when refused, 2 on a usage error.
 */
import readline from "node:readline/promises";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { openDatabase } from "@/db/client";
import { configOrExit } from "@/lib/config";
import { AppError } from "@/lib/errors";
import enErrors from "@/lib/i18n/messages/en/errors.json";
import zhErrors from "@/lib/i18n/messages/zh-CN/errors.json";
import { initialize } from "@/lib/setup/initialize";

const questions = [
  { flag: "district", field: "district", zh: "所在区", en: "District" },
  { flag: "street", field: "street", zh: "街道（街道办事处）", en: "Street office" },
  { flag: "community", field: "communityName", zh: "社区名称", en: "Community name" },
  { flag: "code", field: "communityCode", zh: "社区代码（1–6 个英文字母，如 HX）", en: "Community code (1–6 letters)" },
  { flag: "admin-name", field: "adminName", zh: "管理员姓名", en: "Administrator's name" },
  { flag: "admin-phone", field: "adminPhone", zh: "管理员手机号", en: "Administrator's mobile number" },
] as const;

const usage = `usage: npm run setup [-- --district 城东区 --street 和平街道 --community 红心社区 --code HX --admin-name 王建国 --admin-phone 13800000000]
  The password is asked without echo, or read from GRIDCOUNCIL_ADMIN_PASSWORD. Missing answers are asked when run in a terminal.`;

/**
 * A refusal's messages, Chinese then English, one line per field. Read from the catalogs directly:
 * next-intl's translator (lib/i18n/translate.ts) cannot load under the react-server condition that
 * the server-only modules need in a script. The setup's messages take no parameters.
 */
function refusalLines(e: unknown): string[] | null {
  const say = (key: string) => {
    const zh = (zhErrors as Record<string, string>)[key] ?? zhErrors.invalidField;
    const en = (enErrors as Record<string, string>)[key] ?? enErrors.invalidField;
    return `${zh} / ${en}`;
  };
  if (e instanceof ZodError) return e.issues.map((i) => `  ${i.path.join(".")}: ${say(i.message)}`);
  if (e instanceof AppError) {
    const fields = Object.entries(e.fieldErrors);
    return fields.length > 0 ? fields.map(([f, key]) => `  ${f}: ${say(key)}`) : [`  ${say(e.messageKey)}`];
  }
  return null;
}

/** Reads a line with nothing echoed: the password must not stay on the screen or in a recording. */
async function askHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  try {
    process.stdout.write(prompt);
    muted = true;
    return await rl.question("");
  } finally {
    muted = false;
    rl.close();
    process.stdout.write("\n");
  }
}

async function main(): Promise<number> {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ options: { ...Object.fromEntries(questions.map((q) => [q.flag, { type: "string" as const }])), help: { type: "boolean", short: "h" } } }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  if (flags.help) {
    console.log(usage);
    return 0;
  }
  const interactive = process.stdin.isTTY === true;
  const answers: Record<string, string> = {};
  const missing = questions.filter((q) => typeof flags[q.flag] !== "string");
  const password = process.env.GRIDCOUNCIL_ADMIN_PASSWORD;
  if (!interactive && (missing.length > 0 || !password)) {
    console.error(`missing: ${[...missing.map((q) => `--${q.flag}`), ...(password ? [] : ["GRIDCOUNCIL_ADMIN_PASSWORD"])].join(", ")}\n${usage}`);
    return 2;
  }
  const settings = configOrExit();
  const db = openDatabase(settings.databaseFile);
  console.log(`网格议事厅初始化 · GridCouncil setup — database ${settings.databaseFile}`);
  for (const q of questions) {
    const given = flags[q.flag];
    if (typeof given === "string") {
      answers[q.field] = given;
      continue;
    }
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
    answers[q.field] = await rl.question(`${q.zh} / ${q.en}: `);
    rl.close();
  }
  answers.adminPassword = password ?? (await askHidden("管理员密码（至少 8 位，不回显）/ Administrator's password (8+ characters, not shown): "));

  try {
    const made = await initialize({ db, actor: null }, answers);
    console.log(`已创建 / created: ${made.community.district} ${made.community.street} ${made.community.name} (code ${made.community.code})`);
    console.log(`管理员 / administrator: ${made.admin.name} ${made.admin.phone}, ${made.admin.displayNumber}`);
    console.log("请用该手机号和密码登录，进入“管理”添加网格、楼栋和人员。/ Sign in with this number and password, then add grids, buildings and people under Admin.");
    return 0;
  } catch (e) {
    const lines = refusalLines(e);
    if (!lines) throw e;
    console.error(`初始化未完成 / setup refused:\n${lines.join("\n")}`);
    return 1;
  } finally {
    db.$client.close();
  }
}

// process.exit: the password worker pool would otherwise keep the process alive until it idles out.
main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
