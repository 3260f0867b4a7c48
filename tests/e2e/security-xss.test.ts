import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { voteOutOnPaper } from "./ballot-helpers";
import { baseURL, launchBrowser } from "./browser";
import { P, SHORT, call, craftedDoc, craftedLiterals, expectInert, findings, fit, refusedDocs, token, viewer, type Viewer } from "./security-xss-helpers";

/**
 * Stored XSS: every text and rich-text field a user fills and someone else later sees gets the
 * payloads of security-xss-helpers (created through the API as the role allowed to), then every page
 * that shows it is opened in headless Chromium as the viewer who sees it, and checked inert: no
 * element or handler made from the markup, no dialog, `window.__xss` unset, the text shown as text.
 * Reflected XSS through query strings and the editor's paste are checked the same way.
 */
let browser: Browser;
const open: Viewer[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const v of open) await v.context.close().catch(() => undefined);
  await browser?.close();
});
const viewers = new Map<string, Viewer>();
/** One signed-in browser context per account for the whole file: signing in is the slow part. */
const as = async (phone: string | null, fresh = false) => {
  const key = phone ?? "anonymous";
  if (!fresh && viewers.has(key)) return viewers.get(key)!;
  const v = await viewer(browser, phone);
  open.push(v);
  if (!fresh) viewers.set(key, v);
  return v;
};

const ADMIN = "13800000000";
const CHIEF = "13800000001";
const FIRM = "13800000003";
const SUPERVISOR = "13800000005";
const PROPOSER = "13800000130";
const OWNERS = Array.from({ length: 20 }, (_, i) => `138000001${String(i + 31).padStart(2, "0")}`); // 131–150
const PASSWORD = "demo1234"; // people this suite creates share the demo password, so signIn() works for them
const today = (days = 0) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
const idOf = async (phone: string) => (await call<{ id: number }>(phone, "/api/v1/me", undefined, 200)).id;

/** What was stored where, filled in as the loop goes. */
const s = {
  orgId: 0,
  orgName: fit(60, 0, "XO"),
  orgPerson: "13700009900",
  orgPersonName: SHORT[0]!,
  categoryName: fit(30, 1, "XC"),
  itemId: 0,
  itemName: fit(60, 2, "XI"),
  itemDescription: fit(500, 3, "XID"),
  gridId: 0,
  gridName: fit(30, 4, "XG"),
  buildingId: 0,
  buildingName: fit(30, 5, "XB"),
  adminPersonId: 0,
  adminPersonName: SHORT[3]!,
  regName: SHORT[1]!,
  regRejectedName: SHORT[4]!,
  regRejectReason: fit(200, 6, "XRR"),
  topics: [] as { id: number; title: string; location: string }[],
  admitNote: fit(200, 7, "XAN"),
  rejectReason: fit(300, 8, "XRJ"),
  escalateReason: fit(300, 9, "XES"),
  mergeNote: fit(200, 10, "XMG"),
  opinion: fit(2000, 0, "XOP"),
  reply: fit(2000, 11, "XRE"),
  official: fit(2000, 12, "XOF"),
  hidden: fit(2000, 13, "XHI"),
  hideReason: fit(200, 14, "XHR"),
  inviteNote: fit(200, 15, "XIN"),
  meetingId: 0,
  meetingTitle: fit(60, 16, "XMT"),
  meetingPlace: fit(100, 17, "XMP"),
  discussion: fit(4000, 0, "XDI"),
  conclusion: fit(2000, 1, "XCO"),
  followUp: fit(300, 2, "XFU"),
  followUpOwner: fit(60, 3, "XFO"),
  planId: 0,
  planTitle: fit(60, 4, "XPT"),
  responsible: fit(60, 5, "XRP"),
  milestone: fit(100, 6, "XMS"),
  planNote: fit(200, 7, "XPN"),
  planNote2: fit(200, 8, "XPN2"),
  comment: fit(1000, 9, "XCM"),
  ballotId: 0,
  ballotTitle: fit(60, 10, "XBT"),
  witness: SHORT[2]!,
  proxyNote: fit(200, 11, "XPX"),
  noticeId: 0,
  taskId: 0,
  taskTitle: fit(60, 12, "XTT"),
  taskDescription: fit(500, 13, "XTD"),
  declinedTaskId: 0,
  declinedTitle: fit(60, 14, "XTT2"),
  declineReason: fit(300, 15, "XDR"),
  progress: fit(1000, 16, "XPG"),
  rating: fit(1000, 17, "XRT"),
  satisfaction: fit(300, 0, "XSA"),
  reviewNote: fit(500, 1, "XRV"),
  scanPath: "",
  failedVoteReason: fit(300, 2, "XFV"),
};
const t1 = () => s.topics[0]!;


describe("XSS: payloads in every text and rich-text field stay inert in the browser", () => {
  test("the check itself catches every payload when it is rendered as markup", async () => {
    // Without this, a check that sees nothing would pass every page below.
    const v = await as(null, true);
    const raw = [P.script, P.img, P.svg, P.iframe, `<a href="${P.jsUrl}">x</a>`, P.anchor, P.locator, P.style, `<div title="${P.attr}">x</div>`, P.nested, P.jsonBreak, P.closeTextarea, `<p><a href="https://example.com/" onmouseover="window.__xss=22">x</a></p>`];
    for (const markup of raw) {
      await v.page.setContent(`<html><body><main>${markup}</main></body></html>`);
      const f = await findings(v.page, []);
      expect(f.xss !== undefined || f.found.length > 0 || f.bodyHidden, markup).toBe(true);
    }
    v.dialogs.length = 0;
  });

  test("the document schema refuses unknown nodes and marks and script links; meeting links must be http(s)", async () => {
    const items = (await call<{ items: { id: number; name: string }[] }>(null, "/api/v1/places/catalog")).items;
    const item = items.find((i) => i.name === "楼道与公共区域卫生")!;
    for (const [what, description] of refusedDocs) {
      const res = await call<{ error: { code: string } }>(PROPOSER, "/api/v1/topics", { gridId: 1, agendaItemId: item.id, title: `拒收文档 ${what}`.slice(0, 60), description }, 422);
      expect(res.error.code, what).toBe("invalid_input");
    }
    for (const onlineUrl of [P.jsUrl, " javascript:window.__xss=5", "data:text/html,<script>window.__xss=5</script>", "vbscript:x", "//evil.example/x"]) {
      await call(CHIEF, "/api/v1/meetings", { gridId: 1, title: "链接校验", startsAt: new Date(Date.now() + 86_400_000).toISOString(), onlineUrl, topicIds: [1] }, 422);
    }
  });

  test("community administration: organisation, catalog, grid, building and person names", async () => {
    const org = await call<{ organisationId?: number; id?: number }>(ADMIN, "/api/v1/organisations", { kind: "propertyFirm", name: s.orgName, code: `X${Date.now() % 1000}`, description: fit(500, 2, "XOD") }, 201);
    s.orgId = org.organisationId ?? org.id!;
    await call(ADMIN, "/api/v1/people", { name: s.orgPersonName, phone: s.orgPerson, password: PASSWORD, role: "propertyFirmStaff", organisationId: s.orgId }, 201);
    const cat = await call<{ categoryId?: number; id?: number }>(ADMIN, "/api/v1/catalog/categories", { name: s.categoryName, sortOrder: 999 }, 201);
    const item = await call<{ itemId?: number; id?: number }>(ADMIN, "/api/v1/catalog/items", { categoryId: cat.categoryId ?? cat.id, name: s.itemName, description: s.itemDescription, cosignThreshold: 2, sortOrder: 999 }, 201);
    s.itemId = item.itemId ?? item.id!;
    for (let code = 60 + Math.floor(Math.random() * 30); !s.gridId; code++) {
      const r = await fetch(`${baseURL()}/api/v1/grids`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${await token(ADMIN)}` }, body: JSON.stringify({ code: String(code), name: s.gridName }) });
      if (r.status === 201) s.gridId = ((await r.json()) as { gridId: number }).gridId;
      else expect(r.status).toBe(409);
    }
    for (let code = 60 + Math.floor(Math.random() * 30); !s.buildingId; code++) {
      const r = await fetch(`${baseURL()}/api/v1/grids/1/buildings`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${await token(ADMIN)}` }, body: JSON.stringify({ code: String(code), name: s.buildingName, floors: 6 }) });
      if (r.status === 201) s.buildingId = ((await r.json()) as { buildingId: number }).buildingId;
      else expect(r.status).toBe(409);
    }
    s.adminPersonId = (await call<{ personId: number }>(ADMIN, "/api/v1/people", { name: s.adminPersonName, phone: "13700009901", password: PASSWORD, role: "supervisor" }, 201)).personId;

    const admin = await as(ADMIN);
    await expectInert(admin, "/admin", []);
    await expectInert(admin, "/admin/organisations", [s.orgName]);
    await expectInert(admin, "/admin/catalog", [s.categoryName, s.itemName]);
    await expectInert(admin, "/admin/grids", [s.gridName]);
    await expectInert(admin, `/admin/grids/${s.gridId}`, [s.gridName]);
    await expectInert(admin, "/admin/grids/1", [s.buildingName]);
    await expectInert(admin, `/admin/buildings/${s.buildingId}`, [s.buildingName]);
    await expectInert(admin, `/admin/people?q=${encodeURIComponent("onload")}`, [s.orgPersonName]);
    await expectInert(admin, `/admin/people/${s.adminPersonId}`, [s.adminPersonName]);
  });

  test("registration: the name a resident registers with, and the reason it was refused, seen by the grid's staff", async () => {
    const building = (await call<{ buildings: { id: number; name: string }[] }>(null, "/api/v1/places/grids/1/buildings")).buildings.find((b) => b.name === "2号楼")!;
    const units = (await call<{ units: { id: number }[] }>(null, `/api/v1/places/buildings/${building.id}/units`)).units;
    const reg = (name: string, phone: string, unitId: number) => call<{ personId: number }>(null, "/api/v1/registrations", { name, phone, password: PASSWORD, gridId: 1, buildingId: building.id, unitId, relation: "resident" }, 201);
    const a = await reg(s.regName, "13700009902", units[0]!.id);
    const b = await reg(s.regRejectedName, "13700009903", units[1]!.id);

    const chief = await as(CHIEF);
    await expectInert(chief, "/staff/registrations", [s.regName, s.regRejectedName]);
    await call(CHIEF, `/api/v1/registrations/${b.personId}/review`, { decision: "reject", reason: s.regRejectReason });
    await call(CHIEF, `/api/v1/registrations/${a.personId}/review`, { decision: "verify" });
    await expectInert(chief, "/staff/registrations", []);
  });

  test("topics: title, rich description, location; admission note, rejection, escalation and merge reasons", async () => {
    const propose = async (n: number) => {
      const title = fit(60, n * 3, `电梯XT${n}`);
      const location = fit(100, n * 3 + 1, `XL${n}`);
      const { topicId } = await call<{ topicId: number }>(PROPOSER, "/api/v1/topics", { gridId: 1, agendaItemId: s.itemId, buildingId: s.buildingId, title, description: craftedDoc(`XD${n}`), location }, 201);
      s.topics.push({ id: topicId, title, location });
      return topicId;
    };
    for (let n = 1; n <= 5; n++) await propose(n);
    for (const t of s.topics.slice(0, 4)) await call(OWNERS[0]!, `/api/v1/topics/${t.id}/cosign`, {});
    const [a, b, c, d] = s.topics.map((t) => t.id);
    await call(CHIEF, `/api/v1/topics/${a}/admit`, { level: "grid", note: s.admitNote });
    await call(CHIEF, `/api/v1/topics/${b}/reject`, { reason: s.rejectReason });
    await call(CHIEF, `/api/v1/topics/${c}/admit`, { level: "grid" });
    await call(CHIEF, `/api/v1/topics/${c}/escalate`, { reason: s.escalateReason });
    await call(CHIEF, `/api/v1/topics/${d}/merge`, { intoTopicId: a, note: s.mergeNote });

    const owner = await as(OWNERS[1]!);
    await expectInert(owner, "/topics", s.topics.filter((t) => t.id !== d).map((t) => t.title).slice(0, 2));
    await expectInert(owner, `/topics/${a}`, [t1().title, t1().location, ...craftedLiterals("XD1"), s.buildingName, s.itemName]);
    await expectInert(owner, `/topics/${b}`, [s.topics[1]!.title, s.rejectReason]);
    await expectInert(owner, `/topics/${c}`, [s.topics[2]!.title, s.escalateReason]);
    await expectInert(owner, `/topics/${d}`, [s.topics[3]!.title, t1().title]);
    // Searching: the payload in the query string (reflected) and in the results (stored).
    for (const q of ["电梯", P.script, P.attr, P.iframe]) await expectInert(owner, `/topics?q=${encodeURIComponent(q)}`, []);
    await expectInert(owner, `/topics?q=${encodeURIComponent("电梯")}`, [s.topics[4]!.title]);

    const proposer = await as(PROPOSER);
    await expectInert(proposer, "/inbox", [s.topics[1]!.title, s.topics[3]!.title]);
    // The similar-topics suggestions while a title is typed, and the catalog in the form.
    await expectInert(proposer, "/topics/new", [s.itemName]);
    await proposer.page.locator("#title").pressSequentially(s.topics[4]!.title.slice(0, 12), { delay: 10 });
    await expectInert(proposer, null, [s.topics[4]!.title], { ready: (p) => p.getByTestId("similar-topics").waitFor() });
  });

  test("the rich-text editor drops pasted markup and script links", async () => {
    const v = await as(PROPOSER);
    await expectInert(v, "/topics/new", []);
    const editor = v.page.locator("#description [contenteditable=true], [contenteditable=true]").first();
    await editor.click();
    await editor.evaluate((el, html) => {
      const data = new DataTransfer();
      data.setData("text/html", html);
      data.setData("text/plain", "pasted");
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, `<p>粘贴的内容 ${P.locator}</p>${P.script}${P.img}${P.svg}${P.iframe}<a href="javascript:window.__xss=40">链接</a><a href=" JaVaScRiPt:window.__xss=41">链接2</a><p onclick="window.__xss=42" style="position:fixed">段落</p><object data="javascript:window.__xss=43"></object>`);
    await expectInert(v, null, ["粘贴的内容", "链接", "段落"]);
  });

  test("consultation: opinions, replies, official responses, moderation, invitations, a meeting and its minutes", async () => {
    const a = t1().id;
    const { opinionId } = await call<{ opinionId: number }>(OWNERS[2]!, `/api/v1/topics/${a}/opinions`, { stance: "support", body: s.opinion }, 201);
    await call(OWNERS[3]!, `/api/v1/topics/${a}/opinions`, { body: s.reply, parentId: opinionId }, 201);
    await call("13700009902", `/api/v1/topics/${a}/opinions`, { stance: "oppose", body: "注册居民的意见：同意加装" }, 201);
    await call(s.orgPerson, `/api/v1/topics/${a}/opinions`, { stance: "suggestion", body: s.official, officialOrganisationId: s.orgId }, 201);
    const hidden = await call<{ opinionId: number }>(OWNERS[4]!, `/api/v1/topics/${a}/opinions`, { stance: "oppose", body: s.hidden }, 201);
    await call(CHIEF, `/api/v1/opinions/${hidden.opinionId}/hide`, { reason: s.hideReason });
    await call(CHIEF, `/api/v1/topics/${a}/invitations`, { personIds: [await idOf(SUPERVISOR)], note: s.inviteNote });

    const m = await call<{ meetingId: number }>(CHIEF, "/api/v1/meetings", { gridId: 1, title: s.meetingTitle, startsAt: new Date(Date.now() - 600_000).toISOString(), place: s.meetingPlace, topicIds: [a], personIds: [await idOf(OWNERS[1]!), await idOf(SUPERVISOR)] }, 201);
    s.meetingId = m.meetingId;
    await call(CHIEF, `/api/v1/meetings/${m.meetingId}/minutes/publish`, {
      minutes: { body: craftedDoc("XMN"), agenda: [{ topicId: a, discussion: s.discussion, conclusion: s.conclusion }], followUps: [{ action: s.followUp, owner: s.followUpOwner, dueOn: today(7), topicId: a }] },
    });

    const owner = await as(OWNERS[1]!);
    await expectInert(owner, `/topics/${a}`, [s.opinion, s.reply, s.official, s.orgName, s.meetingTitle, s.admitNote, s.regName]);
    await expectInert(owner, "/meetings", [s.meetingTitle]);
    await expectInert(owner, `/meetings/${m.meetingId}`, [s.meetingTitle, s.meetingPlace, t1().title, s.discussion, s.conclusion, s.followUp, s.followUpOwner, ...craftedLiterals("XMN")]);
    await expectInert(owner, `/meetings/${m.meetingId}?print=minutes`, [s.meetingTitle, s.discussion, s.conclusion, s.followUp, ...craftedLiterals("XMN")]);
    await expectInert(owner, "/inbox", [s.meetingTitle]);
    const supervisor = await as(SUPERVISOR);
    await expectInert(supervisor, "/inbox", [t1().title]);

    const chief = await as(CHIEF);
    await expectInert(chief, `/topics/${a}`, [s.hideReason, s.hidden, s.inviteNote]);
    await expectInert(chief, `/meetings/${m.meetingId}?print=sign-in`, [s.meetingTitle]);
    await expectInert(chief, `/meetings/${m.meetingId}/edit`, []);
    await expectInert(chief, `/meetings/${m.meetingId}/room`, [s.meetingTitle]);
  });

  test("plans: title, rich body, responsible party, milestones, notes, comments; revisions compared; the editor reopens it", async () => {
    const a = t1().id;
    await call(CHIEF, `/api/v1/topics/${a}/start-drafting`, {});
    const plan = await call<{ planId: number }>(s.orgPerson, `/api/v1/topics/${a}/plans`, {
      title: s.planTitle,
      body: craftedDoc("XPB1"),
      responsibleText: s.responsible,
      budget: "1200",
      budgetSource: "propertyFirm",
      deadline: today(60),
      milestones: [{ title: s.milestone, dueOn: today(30) }],
      note: s.planNote,
      organisationId: s.orgId,
    }, 201);
    s.planId = plan.planId;
    await call(s.orgPerson, `/api/v1/plans/${plan.planId}/revisions`, { body: craftedDoc("XPB2"), responsibleText: s.responsible, budget: "1500", budgetSource: "propertyFirm", deadline: today(61), milestones: [{ title: s.milestone, dueOn: today(31) }], note: s.planNote2, baseRevision: 1 }, 201);
    await call(OWNERS[5]!, `/api/v1/plans/${plan.planId}/comments`, { body: s.comment }, 201);

    const base = `/topics/${a}/plans/${plan.planId}`;
    const owner = await as(OWNERS[1]!);
    await expectInert(owner, `/topics/${a}`, [s.planTitle]);
    await expectInert(owner, base, [s.planTitle, s.responsible, s.milestone, s.comment, ...craftedLiterals("XPB2")]);
    await expectInert(owner, `${base}?revision=1`, [s.planTitle, ...craftedLiterals("XPB1")]);
    await expectInert(owner, `${base}/compare?from=1&to=2`, [s.planTitle, s.planNote2]);
    // Reflected: revision numbers from the query string.
    await expectInert(owner, `${base}/compare?from=${encodeURIComponent(P.script)}&to=${encodeURIComponent(P.attr)}`, [], { status: [404] });
    // The author's editor loads the stored document back into tiptap in the browser.
    const author = await as(s.orgPerson);
    await expectInert(author, `${base}/edit`, craftedLiterals("XPB2"), { ready: (p) => p.locator("[contenteditable=true]").first().waitFor() });
  });

  test("a ballot: its title, a paper ballot's witness, a proxy's note; the resolution on the notice board and its print", async () => {
    const a = t1().id;
    const ballot = await call<{ ballotId: number }>(CHIEF, `/api/v1/topics/${a}/ballots`, { title: s.ballotTitle, kind: "single", planIds: [s.planId], electorateKind: "gridResidents", closesAt: new Date(Date.now() + 3600_000).toISOString() }, 201);
    s.ballotId = ballot.ballotId;
    for (const phone of OWNERS.slice(0, 16)) await call(phone, `/api/v1/ballots/${s.ballotId}/votes`, { choice: "agree" });
    await call(CHIEF, `/api/v1/ballots/${s.ballotId}/paper`, { electorKey: `person:${await idOf(OWNERS[16]!)}`, choice: "agree", witness: s.witness }, 201);
    // A written proxy: multipart with the scan, as the page sends it.
    const form = new FormData();
    form.set("electorKey", `person:${await idOf(OWNERS[17]!)}`);
    form.set("proxyPersonId", String(await idOf(SUPERVISOR)));
    form.set("note", s.proxyNote);
    // The scan is a real GIF (it decodes) with HTML after it, named and typed as HTML.
    const gif = Buffer.from("R0lGODlhBAAEAIAAAExpcVqMyCH5BAUAAAAALAAAAAAEAAQAAAIEjI8ZBQA7", "base64");
    const polyglot = Buffer.concat([gif, Buffer.from(`<html><body>${P.script}${P.img}${P.svg}</body></html>`)]);
    form.set("scan", new File([polyglot], "scan.html", { type: "text/html" }));
    const proxy = await fetch(`${baseURL()}/api/v1/ballots/${s.ballotId}/proxies`, { method: "POST", headers: { authorization: `Bearer ${await token(CHIEF)}` }, body: form });
    expect(proxy.status, await proxy.clone().text()).toBe(201);
    s.scanPath = `/api/v1/ballots/${s.ballotId}/proxies/${((await proxy.json()) as { proxyId: number }).proxyId}/scan`;

    const owner = await as(OWNERS[1]!);
    await expectInert(owner, "/ballots", [s.ballotTitle]);
    await expectInert(owner, `/ballots/${s.ballotId}`, [s.ballotTitle, s.planTitle, s.responsible, ...craftedLiterals("XPB2")]);
    const chief = await as(CHIEF);
    // The proxy's note is stored but not shown on any page; the witness is.
    await expectInert(chief, `/ballots/${s.ballotId}`, [s.ballotTitle, s.witness]);

    // Closing now needs every elector's ballot (an announced period is kept): the rest on paper.
    await voteOutOnPaper(s.ballotId, await token(CHIEF), "agree");
    const closed = await call<{ resolution: { noticeId: number } | null }>(CHIEF, `/api/v1/ballots/${s.ballotId}/close`, {});
    s.noticeId = closed.resolution!.noticeId;
    await expectInert(chief, `/ballots/${s.ballotId}`, [s.ballotTitle]);
    await expectInert(owner, `/topics/${a}`, [s.ballotTitle]);
    // The notice board is public: read signed out.
    const anonymous = await as(null);
    await expectInert(anonymous, "/notices", [t1().title]);
    await expectInert(anonymous, `/notices/${s.noticeId}`, [t1().title, s.planTitle, s.responsible, s.milestone]);
    await expectInert(anonymous, `/notices/${s.noticeId}?print=1`, [t1().title, s.planTitle]);
  });

  test("tasks: title, description, progress, decline reason; supervisor's rating, residents' satisfaction, follow-up check", async () => {
    const a = t1().id;
    await call(CHIEF, `/api/v1/topics/${a}/start-implementation`, {});
    s.taskId = (await call<{ taskId: number }>(CHIEF, `/api/v1/topics/${a}/tasks`, { title: s.taskTitle, description: s.taskDescription, assignee: `organisation:${s.orgId}`, dueOn: today(10) }, 201)).taskId;
    s.declinedTaskId = (await call<{ taskId: number }>(CHIEF, `/api/v1/topics/${a}/tasks`, { title: s.declinedTitle, description: s.taskDescription, assignee: `person:${await idOf(s.orgPerson)}`, dueOn: today(10) }, 201)).taskId;
    await call(s.orgPerson, `/api/v1/tasks/${s.declinedTaskId}/decline`, { reason: s.declineReason });
    const chief = await as(CHIEF);
    await expectInert(chief, "/inbox", [s.declinedTitle, s.declineReason]);
    await expectInert(chief, `/tasks/${s.declinedTaskId}`, [s.declinedTitle, s.declineReason]);
    await call(CHIEF, `/api/v1/tasks/${s.declinedTaskId}/reassign`, { assignee: "open" });
    const board = await as(OWNERS[6]!);
    await expectInert(board, "/tasks/board", [s.declinedTitle]);
    await call(OWNERS[6]!, `/api/v1/tasks/${s.declinedTaskId}/claim`, {});
    await call(OWNERS[6]!, `/api/v1/tasks/${s.declinedTaskId}/progress`, { body: `${s.progress} 完成`, percent: 100, completes: true }, 201);

    await call(s.orgPerson, `/api/v1/tasks/${s.taskId}/take`, {});
    await call(s.orgPerson, `/api/v1/tasks/${s.taskId}/progress`, { body: s.progress, percent: 40 }, 201);
    const firm = await as(s.orgPerson);
    await expectInert(firm, "/tasks", [s.taskTitle]);
    await expectInert(firm, `/tasks/${s.taskId}`, [s.taskTitle, s.taskDescription, s.progress, t1().title]);
    await call(s.orgPerson, `/api/v1/tasks/${s.taskId}/progress`, { body: "全部完成，现场已恢复整洁。", percent: 100, completes: true }, 201);
    await expectInert(chief, `/topics/${a}`, [s.taskTitle, s.declinedTitle]);

    await call(CHIEF, `/api/v1/topics/${a}/supervisors`, { personIds: [await idOf(SUPERVISOR)] });
    const supervisor = await as(SUPERVISOR);
    await expectInert(supervisor, "/ratings", [t1().title]);
    await expectInert(supervisor, `/ratings/${a}`, [t1().title, s.taskTitle]);
    await call(SUPERVISOR, `/api/v1/topics/${a}/ratings`, { process: 5, timeliness: 5, quality: 5, transparency: 5, satisfaction: 5, comment: s.rating }, 201);
    for (const phone of OWNERS.slice(0, 5)) await call(phone, `/api/v1/topics/${a}/satisfaction`, { answer: "satisfied", comment: s.satisfaction }, 201);
    await expectInert(supervisor, `/ratings/${a}`, []); // says the round is rated; the comment shows on the topic page
    // Residents' satisfaction comments are stored and counted, not shown on a page.
    await expectInert(chief, `/topics/${a}`, [s.rating]);

    const concluded = await call<{ outcome: string; noticeId: number }>(CHIEF, `/api/v1/topics/${a}/review`, { reviewOn: today(30) });
    expect(concluded.outcome).toBe("closed");
    await call(CHIEF, `/api/v1/topics/${a}/review/check`, { outcome: "held", note: s.reviewNote });
    const owner = await as(OWNERS[1]!);
    await expectInert(owner, `/topics/${a}`, [t1().title, s.reviewNote]); // supervisors' comments are shown to staff
    await expectInert(owner, `/notices/${concluded.noticeId}`, [t1().title]);
    await expectInert(owner, `/notices/${concluded.noticeId}?print=1`, [t1().title]);
    await expectInert(owner, "/inbox", [t1().title]);
  });

  test("a failed vote: the reason the chief gives for closing the topic", async () => {
    const t5 = s.topics[4]!;
    await call(OWNERS[0]!, `/api/v1/topics/${t5.id}/cosign`, {});
    await call(CHIEF, `/api/v1/topics/${t5.id}/admit`, { level: "grid" });
    await call(CHIEF, `/api/v1/topics/${t5.id}/start-drafting`, {});
    const { planId } = await call<{ planId: number }>(FIRM, `/api/v1/topics/${t5.id}/plans`, { title: "未通过的方案", body: craftedDoc("XPB5"), budget: "100", budgetSource: "propertyFirm" }, 201);
    const { ballotId } = await call<{ ballotId: number }>(CHIEF, `/api/v1/topics/${t5.id}/ballots`, { kind: "single", planIds: [planId], electorateKind: "gridResidents", closesAt: new Date(Date.now() + 3600_000).toISOString() }, 201);
    await call(OWNERS[0]!, `/api/v1/ballots/${ballotId}/votes`, { choice: "disagree" });
    await voteOutOnPaper(ballotId, await token(CHIEF), "disagree");
    expect((await call<{ passed: boolean }>(CHIEF, `/api/v1/ballots/${ballotId}/close`, {})).passed).toBe(false);
    await call(CHIEF, `/api/v1/topics/${t5.id}/after-failed-vote`, { decision: "closeFailed", reason: s.failedVoteReason });
    await expectInert(await as(OWNERS[1]!), `/topics/${t5.id}`, [t5.title, s.failedVoteReason, ...craftedLiterals("XD5")]);
    await expectInert(await as(PROPOSER), "/inbox", [t5.title]);
  });

  test("dashboards and staff lists show the names and titles inert", async () => {
    const chief = await as(CHIEF);
    await expectInert(chief, "/dashboard", [s.orgName]);
    await expectInert(chief, "/meetings", [s.meetingTitle]);
    await expectInert(chief, `/topics?view=all&q=${encodeURIComponent("电梯")}`, [t1().title]);
    const admin = await as(ADMIN);
    await expectInert(admin, "/dashboard", [s.orgName]);
    await expectInert(admin, "/community", []);
    await expectInert(admin, "/ratings/settings", []);
  });

  test("reflected: payloads in query strings and the sign-in callback", async () => {
    const v = await as(null, true);
    await expectInert(v, `/sign-in?callbackUrl=${encodeURIComponent(P.jsUrl)}`, []);
    await v.page.getByLabel("手机号").fill(OWNERS[7]!);
    await v.page.getByLabel("密码").fill("demo1234");
    await v.page.getByRole("button", { name: "登录", exact: true }).click();
    await v.page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
    expect(new URL(v.page.url()).origin).toBe(baseURL());
    await expectInert(v, null, []);
    for (const path of [`/topics?q=${encodeURIComponent(P.closeTitle)}&stage=${encodeURIComponent(P.attr)}&view=${encodeURIComponent(P.img)}`, `/inbox?page=${encodeURIComponent(P.script)}`, `/notices?archive=1&page=${encodeURIComponent(P.iframe)}`, `/meetings?q=${encodeURIComponent(P.closeTextarea)}`]) {
      await expectInert(v, path, []);
    }
  });

  test("uploads: a proxy scan that is a GIF and HTML at once is served as an image, never run as a page", async () => {
    const chief = await as(CHIEF);
    const res = await chief.page.goto(s.scanPath);
    expect(res?.status()).toBe(200);
    // Re-encoded on upload (a GIF becomes a PNG of its pixels): the HTML after the image is gone.
    expect(res?.headers()["content-type"]).toMatch(/^image\/png/);
    expect((await res!.body()).includes("<html")).toBe(false);
    expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
    await expectInert(chief, null, []);
  });
});
