import Database from "better-sqlite3";
import { expect, inject } from "vitest";
import { apiToken, baseURL } from "./browser";

/**
 * The two callers every security matrix adds for the secrecy of the vote (issue 10, item 1): a
 * resident of grid 1 who holds a written proxy (委托) on the demo's open secret ballot, and a
 * grid-1 worker who also holds one. Each principal then voted in person ("disagree"), so a choice
 * that reached either holder — in a JSON answer, a server action's answer or a page — would be a
 * leak. Outside ballots they have the rights of the matrix's grid-1 owner and worker.
 *
 * The fixture lives in the one database the whole e2e run shares; every suite calls
 * ensureProxyCallers(), which makes what is missing and reuses what an earlier suite made.
 */

export const proxyCallerPhones = {
  /** A grid-1 owner and resident of the demo (13800000160), no voter on the demo's open ballot. */
  proxy: "13800000160",
  /** A second grid-1 worker, made here by the admin. */
  staffProxy: "13700009801",
} as const;
export type ProxyCaller = keyof typeof proxyCallerPhones;
export const proxyCallers = Object.keys(proxyCallerPhones) as ProxyCaller[];

/** Whose written proxy each caller holds: the principals, demo residents of grid 1. */
const principalPhones: Record<ProxyCaller, string> = { proxy: "13800000158", staffProxy: "13800000159" };
/** What each principal chose in person: no answer to a holder may carry it. */
export const principalChoice = "disagree";

/** A real 1×1 PNG (scans are decoded and re-encoded). */
const png = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63382127070002b6010534a675aa0000000049454e44ae426082",
  "hex",
);

export type ProxyFixture = {
  ballotId: number;
  /** Elector keys of the principals ("person:<id>"), per holder. */
  principalKey: Record<ProxyCaller, string>;
  holderId: Record<ProxyCaller, number>;
};

function read<T>(sql: string, ...params: unknown[]): T | undefined {
  const db = new Database(inject("dbFile"), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}

async function post(phone: string, path: string, body: unknown): Promise<void> {
  const token = await apiToken(phone);
  const res = await fetch(`${baseURL()}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, ...(body instanceof FormData ? {} : { "content-type": "application/json" }) },
    body: body instanceof FormData ? body : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`proxy fixture: ${path} as ${phone}: ${res.status} ${await res.text()}`);
}

let fixture: ProxyFixture | null = null;

export async function ensureProxyCallers(): Promise<ProxyFixture> {
  if (fixture) return fixture;
  const admin = "13800000000";
  const chief = "13800000001";
  const grid1 = read<{ id: number }>("select id from grids where code = '01'")!.id;
  if (!read("select id from people where phone = ?", proxyCallerPhones.staffProxy)) {
    await post(admin, "/api/v1/people", { name: "安全测试受托网格员", phone: proxyCallerPhones.staffProxy, password: "demo1234", role: "gridWorker", gridId: grid1 });
  }
  const ballotId = read<{ id: number }>(
    "select b.id from ballots b join topics t on t.id = b.topic_id where t.title = '4号楼楼道感应灯不亮' and b.status = 'open'",
  )!.id;
  const personId = (phone: string) => read<{ id: number }>("select id from people where phone = ?", phone)!.id;
  const principalKey = {} as Record<ProxyCaller, string>;
  const holderId = {} as Record<ProxyCaller, number>;
  for (const who of proxyCallers) {
    const key = `person:${personId(principalPhones[who])}`;
    principalKey[who] = key;
    holderId[who] = personId(proxyCallerPhones[who]);
    // First the written proxy, then the principal votes in person: the vote the holder must never see or replace.
    if (!read("select id from ballot_proxies where ballot_id = ? and elector_key = ?", ballotId, key)) {
      const form = new FormData();
      form.set("electorKey", key);
      form.set("proxyPersonId", String(holderId[who]));
      form.set("scan", new Blob([new Uint8Array(png)], { type: "image/png" }), "委托书.png");
      await post(chief, `/api/v1/ballots/${ballotId}/proxies`, form);
    }
    if (!read("select id from votes where ballot_id = ? and elector_key = ?", ballotId, key)) {
      await post(principalPhones[who], `/api/v1/ballots/${ballotId}/votes`, { choice: principalChoice });
    }
  }
  // The proxy holder stands where owner1 stands in the matrices: owner1 proposed the demo's grid-1
  // topic that collects co-signatures, so the holder co-signs it (a second co-signature is a 409 for both).
  const collecting = read<{ id: number }>("select id from topics where title = '1号楼楼道电动车充电隐患'")!.id;
  if (!read("select id from cosigns where topic_id = ? and person_id = ?", collecting, holderId.proxy)) {
    await post(proxyCallerPhones.proxy, `/api/v1/topics/${collecting}/cosign`, {});
  }
  fixture = { ballotId, principalKey, holderId };
  return fixture;
}

/**
 * Whether an answer carries a ballot choice, in any encoding the app produces (JSON, a server
 * action's flight payload, a page's RSC payload, escaped or not). The proxy callers have cast no
 * vote of their own, so any choice at all in what they are sent is someone else's.
 */
export const choiceIn = (text: string): string | null => /\\?"(?:choice)\\?"\s*:\s*\\?"(agree|disagree|abstain)/.exec(text)?.[0] ?? null;

/** For the matrices: a proxy caller's answer must hold no choice. */
export function expectNoChoiceFor(who: string, text: string, label: string): void {
  if (!(proxyCallers as string[]).includes(who)) return;
  expect(choiceIn(text), `${label}: a ballot choice in the answer to ${who}`).toBeNull();
}
