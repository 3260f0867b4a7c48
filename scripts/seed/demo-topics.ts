import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { agendaItems, buildings, grids, organisations, people } from "@/db/schema";
import { loadActor } from "@/lib/auth/actor";
import { castVote } from "@/lib/ballots/cast-vote";
import { closeBallot } from "@/lib/ballots/close-ballot";
import { openBallot } from "@/lib/ballots/open-ballot";
import { postOpinion } from "@/lib/opinions/post-opinion";
import { draftPlan } from "@/lib/plans/draft-plan";
import { documentFromText } from "@/lib/richtext/document";
import { admitTopic } from "@/lib/topics/admit";
import { cosignTopic } from "@/lib/topics/cosign";
import { proposeTopic } from "@/lib/topics/propose";
import { rejectTopic } from "@/lib/topics/reject";
import { startDrafting } from "@/lib/topics/start-drafting";
import { answerSatisfaction } from "@/lib/ratings/answer-satisfaction";
import { assignSupervisors } from "@/lib/ratings/assign-supervisors";
import { concludeReview } from "@/lib/ratings/conclude-review";
import { rateTopic } from "@/lib/ratings/rate-topic";
import { createTask } from "@/lib/tasks/create-task";
import { reportProgress } from "@/lib/tasks/report-progress";
import { startImplementation } from "@/lib/tasks/start-implementation";
import { takeTask } from "@/lib/tasks/take-task";
import { shanghaiDate, startOfShanghaiDay } from "@/lib/time";
import { first } from "@/db/query";

const DAY = 86_400_000;

/**
 * Demo topics at the stages built so far, made through the real use cases — which is why this part
 * of the demo seed lives in scripts/ and not in db/ (db/ imports nothing from lib/) (so timelines, counts,
 * search entries and inbox messages are exactly what the app itself would write).
 */
export async function seedDemoTopics(db: DB, now = new Date()): Promise<number> {
  const person = async (phone: string) => (await first(db.select({ id: people.id }).from(people).where(eq(people.phone, phone))))!.id;
  // Every demo phone has a person (the accounts seed runs first), so each acts signed in.
  const as = async (phone: string) => ({ db, actor: (await loadActor(db, await person(phone)))! });
  const resident = (n: number) => as(`13800000${100 + n}`);
  const item = async (name: string) => (await first(db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.name, name))))!.id;
  const grid1 = (await first(db.select({ id: grids.id }).from(grids).where(eq(grids.code, "01"))))!.id;
  const building = async (code: string) => (await db.select({ id: buildings.id }).from(buildings).where(eq(buildings.code, code))).find(Boolean)!.id;
  const firm = (await first(db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, "WY1"))))!.id;
  // A time of day in Beijing time, some days ago.
  const shanghaiMidnight = startOfShanghaiDay(now).getTime();
  const at = (daysAgo: number, hour = 9) => new Date(shanghaiMidnight - daysAgo * DAY + hour * 3600_000);
  const propose = async (by: number, title: string, itemName: string, text: string, daysAgo: number, extra: Record<string, unknown> = {}) =>
    proposeTopic(await resident(by), { gridId: grid1, agendaItemId: await item(itemName), title, description: documentFromText(text), ...extra }, [], at(daysAgo)).then((r) => r.topicId);

  // 1. Collecting co-signatures.
  const ebikes = await propose(1, "1号楼楼道电动车充电隐患", "电动车楼道停放与充电", "每天晚上都有人把电动车推进1号楼楼道充电，还有从窗户拉下来的飞线，一旦起火后果不堪设想。\n希望物业在楼下设集中充电点，并劝导大家不要进楼充电。", 3, { buildingId: await building("01"), location: "1号楼1单元一楼楼道" });
  await cosignTopic(await resident(2), { topicId: ebikes }, at(3, 14));
  await cosignTopic(await resident(3), { topicId: ebikes }, at(2, 10));

  // 2. Enough co-signatures: waiting for the grid chief's admission.
  const parking = await propose(4, "东门外晚上停车位不够", "小区停车位规划", "晚上七点以后东门附近的车位全满，车辆只能停在消防通道上。\n建议重新划线，把闲置的自行车棚改成车位。", 6);
  for (const [n, d] of [[5, 6], [6, 5], [7, 5], [8, 4]] as const) await cosignTopic(await resident(n), { topicId: parking }, at(d, 16));

  // 3. Admitted and in consultation, with opinions and the property firm's official answer.
  const elevator = await propose(9, "3号楼加装电梯", "老旧小区加装电梯", "3号楼住着不少七八十岁的老人，爬六楼非常吃力。\n希望启动加装电梯的意见征集，了解大家的意愿和费用分摊办法。", 12, { buildingId: await building("03") });
  for (const [n, d] of [[10, 12], [11, 11], [12, 11], [13, 10]] as const) await cosignTopic(await resident(n), { topicId: elevator }, at(d, 19));
  await admitTopic(await as("13800000001"), { topicId: elevator, level: "community", note: "涉及维修资金和全体业主表决，按社区级议题办理" }, at(9, 10));
  await postOpinion(await resident(14), { topicId: elevator, stance: "support", body: "我家住五楼，老母亲腿脚不好，非常支持加装电梯。" }, at(8, 20));
  await postOpinion(await resident(15), { topicId: elevator, stance: "oppose", body: "一楼住户不需要电梯，还会挡光，费用分摊要考虑低层住户。" }, at(8, 21));
  await postOpinion(await resident(16), { topicId: elevator, stance: "suggestion", body: "建议先请专业机构做可行性评估，再按楼层分摊费用。" }, at(7, 9));
  await postOpinion(await as("13800000003"), { topicId: elevator, stance: "suggestion", body: "物业可以协助联系电梯厂家做免费勘测，并提供3号楼的管线图纸。施工期间我们负责现场安全和秩序。", officialOrganisationId: firm }, at(6, 15));

  // 4. Not admitted, with the public reason.
  const privateMatter = await propose(17, "要求邻居更换装修队", "邻里纠纷调解", "楼上装修队天天早上七点开工，太吵了，要求他们换一家装修公司。", 9);
  await rejectTopic(await as("13800000002"), { topicId: privateMatter, reason: "装修时间问题已转物业按《管理规约》约束施工时段，更换装修队属于业主个人事务，不作为议题。" }, at(8, 11));

  // 5. Decided: a plan by the property firm, voted by the grid's residents, resolution on the notice board.
  const doors = await propose(18, "2号楼单元门禁损坏，外来人员随意进出", "门禁与监控", "2号楼两个单元的门禁锁坏了半年，单元门一直敞开，外来推销和小广告很多。\n希望尽快修好门禁，并给老人配发门禁卡。", 10, { buildingId: await building("02") });
  for (const [n, d] of [[19, 10], [20, 10], [21, 9], [22, 9]] as const) await cosignTopic(await resident(n), { topicId: doors }, at(d, 20));
  await admitTopic(await as("13800000002"), { topicId: doors, level: "grid" }, at(8, 9));
  await startDrafting(await as("13800000001"), { topicId: doors }, at(7, 9));
  const plan = await draftPlan(
    await as("13800000003"),
    {
      topicId: doors,
      title: "2号楼单元门禁更换方案",
      body: documentFromText("更换2号楼两个单元的电控门锁和读卡器，为每户免费配发两张门禁卡，70岁以上老人可加配一张。\n施工期间保持单元门常开并安排保安值守。"),
      budget: "6800",
      budgetSource: "propertyFirm",
      deadline: new Date(now.getTime() + 20 * DAY).toISOString().slice(0, 10),
      milestones: [{ title: "采购门锁和读卡器", dueOn: new Date(now.getTime() + 7 * DAY).toISOString().slice(0, 10) }],
    },
    at(6, 10),
  );
  const ballot = await openBallot(
    await as("13800000001"),
    { topicId: doors, kind: "single", planIds: [plan.planId], electorateKind: "gridResidents", secret: true, opensAt: at(4, 9), closesAt: at(1, 20) },
    at(4, 9),
  );
  // 48 of the grid's 87 residents vote: above the participation floor (more than half).
  for (let n = 1; n <= 48; n++) await castVote(await resident(n), { ballotId: ballot.ballotId, choice: n % 9 === 0 ? "disagree" : n % 13 === 0 ? "abstain" : "agree" }, at(3, 8 + (n % 12)));
  await closeBallot(await as("13800000001"), { ballotId: ballot.ballotId }, at(1, 21));

  // 6. Being carried out: the property firm took the order and reports progress.
  const chief = () => as("13800000001");
  const firmStaff = () => as("13800000003");
  const date = (daysFromNow: number) => shanghaiDate(now.getTime() + daysFromNow * DAY);
  await startImplementation(await chief(), { topicId: doors }, at(0, 8));
  const doorTask = await createTask(await chief(), { topicId: doors, title: "更换2号楼两个单元的门禁锁和读卡器", assignee: `organisation:${firm}`, dueOn: date(14) }, at(0, 8));
  await takeTask(await firmStaff(), { taskId: doorTask.taskId }, at(0, 9));
  await reportProgress(await firmStaff(), { taskId: doorTask.taskId, body: "门锁和读卡器已到货，1单元已安装完毕，2单元明天施工。", percent: 60 }, [], at(0, 10));

  // 7. Closed after one rectification round: the first rating fell short, the repair was redone.
  const shed = await propose(23, "西门自行车棚顶棚漏雨", "公共设施维修", "西门自行车棚顶棚有几处破洞，一下雨车座全湿。\n希望物业尽快修补，顺便把棚内照明修好。", 40);
  for (const [n, d] of [[24, 40], [25, 39], [26, 39], [27, 38]] as const) await cosignTopic(await resident(n), { topicId: shed }, at(d, 19));
  await admitTopic(await chief(), { topicId: shed, level: "grid" }, at(37, 9));
  await startDrafting(await chief(), { topicId: shed }, at(36, 9));
  const shedPlan = await draftPlan(await firmStaff(), { topicId: shed, title: "西门车棚顶棚修补方案", body: documentFromText("更换破损的阳光板6块，修复棚内照明，费用由公共收益支出。"), budget: "3200", budgetSource: "publicRevenue", deadline: date(-20) }, at(35, 10));
  const shedBallot = await openBallot(await chief(), { topicId: shed, kind: "single", planIds: [shedPlan.planId], electorateKind: "gridResidents", secret: true, opensAt: at(33, 9), closesAt: at(31, 20) }, at(33, 9));
  for (let n = 1; n <= 46; n++) await castVote(await resident(n), { ballotId: shedBallot.ballotId, choice: n % 7 === 0 ? "disagree" : "agree" }, at(32, 8 + (n % 12)));
  await closeBallot(await chief(), { ballotId: shedBallot.ballotId }, at(31, 21));
  await startImplementation(await chief(), { topicId: shed }, at(30, 9));
  const supervisor = () => as("13800000005");
  const supervisorId = await person("13800000005");
  await assignSupervisors(await chief(), { topicId: shed, personIds: [supervisorId] }, at(30, 9));
  const fix1 = await createTask(await chief(), { topicId: shed, title: "更换西门车棚破损阳光板", assignee: `organisation:${firm}`, dueOn: date(-20) }, at(30, 9));
  await takeTask(await firmStaff(), { taskId: fix1.taskId }, at(30, 10));
  await reportProgress(await firmStaff(), { taskId: fix1.taskId, body: "6块阳光板已全部更换完毕，施工垃圾已清运。", percent: 100, completes: true }, [], at(24, 16));
  await rateTopic(await supervisor(), { topicId: shed, process: 4, timeliness: 4, quality: 2, transparency: 4, satisfaction: 3, comment: "顶棚换好了，但棚内照明没有修，雨天晚上仍然很暗。" }, [], at(22, 10));
  for (const [n, answer] of [[24, "satisfied"], [25, "basicallySatisfied"], [26, "notSatisfied"], [27, "notSatisfied"], [28, "basicallySatisfied"]] as const) {
    await answerSatisfaction(await resident(n), { topicId: shed, answer }, at(22, 18));
  }
  await concludeReview(await chief(), { topicId: shed }, at(21, 9));
  const fix2 = await createTask(await chief(), { topicId: shed, title: "修复西门车棚内照明", assignee: `organisation:${firm}`, dueOn: date(-10) }, at(21, 10));
  await takeTask(await firmStaff(), { taskId: fix2.taskId }, at(21, 11));
  await reportProgress(await firmStaff(), { taskId: fix2.taskId, body: "棚内4盏LED灯已更换，加装了声控开关，晚上已能正常照明。", percent: 100, completes: true }, [], at(15, 17));
  await rateTopic(await supervisor(), { topicId: shed, process: 5, timeliness: 4, quality: 5, transparency: 4, satisfaction: 5, comment: "整改到位，照明正常，居民反映良好。" }, [], at(13, 10));
  for (const [n, answer] of [[24, "satisfied"], [25, "satisfied"], [26, "basicallySatisfied"], [27, "satisfied"], [28, "satisfied"], [29, "satisfied"]] as const) {
    await answerSatisfaction(await resident(n), { topicId: shed, answer }, at(13, 18));
  }
  await concludeReview(await chief(), { topicId: shed, reviewOn: date(80) }, at(12, 9));

  // 8. Plan drafting: admitted, the owners' committee's plan on the table.
  const committee = () => as("13800000004");
  const greening = await propose(30, "中心花园绿地被毁种菜", "绿化养护", "中心花园好几块绿地被个别居民开荒种菜，浇粪水气味很大，影响大家休闲。\n希望恢复绿地，并约定公共绿地的使用规则。", 8);
  for (const [n, d] of [[31, 8], [32, 7], [33, 7], [34, 7]] as const) await cosignTopic(await resident(n), { topicId: greening }, at(d, 20));
  await admitTopic(await chief(), { topicId: greening, level: "grid" }, at(6, 9));
  await startDrafting(await chief(), { topicId: greening }, at(5, 9));
  await draftPlan(await committee(), { topicId: greening, title: "中心花园绿地恢复方案", body: documentFromText("两周内劝导清理菜地，物业补种草皮；在花园入口公示《公共绿地使用公约》。"), budget: "2600", budgetSource: "publicRevenue", deadline: date(30) }, at(4, 15));

  // 9. Voting: the residents' ballot is open now.
  const lights = await propose(35, "4号楼楼道感应灯不亮", "公共设施维修", "4号楼1单元3到6层的楼道感应灯坏了一个多月，晚上上下楼摸黑，老人容易摔倒。", 7);
  for (const [n, d] of [[36, 7], [37, 6], [38, 6], [39, 6]] as const) await cosignTopic(await resident(n), { topicId: lights }, at(d, 21));
  await admitTopic(await chief(), { topicId: lights, level: "grid" }, at(5, 10));
  await startDrafting(await chief(), { topicId: lights }, at(5, 10));
  const lightsPlan = await draftPlan(await firmStaff(), { topicId: lights, title: "4号楼楼道感应灯更换方案", body: documentFromText("更换4号楼1、2单元全部楼道感应灯为LED声光控灯，共24盏。"), budget: "1900", budgetSource: "propertyFirm", deadline: date(10) }, at(3, 11));
  const lightsBallot = await openBallot(await chief(), { topicId: lights, kind: "single", planIds: [lightsPlan.planId], electorateKind: "gridResidents", secret: true, opensAt: at(1, 9), closesAt: new Date(now.getTime() + 3 * DAY) }, at(1, 9));
  for (let n = 41; n <= 52; n++) await castVote(await resident(n), { ballotId: lightsBallot.ballotId, choice: "agree" }, at(0, 8));

  // 10. Under review: the work is done and the supervisor is asked to rate.
  const bins = await propose(53, "垃圾分类投放点太少", "垃圾分类与清运", "整个第一网格只有两个分类投放点，离6号楼太远，很多人图省事乱扔。\n希望在6号楼旁增设一个投放点。", 30);
  for (const [n, d] of [[54, 30], [55, 29], [56, 29], [57, 29]] as const) await cosignTopic(await resident(n), { topicId: bins }, at(d, 19));
  await admitTopic(await chief(), { topicId: bins, level: "grid" }, at(27, 9));
  await startDrafting(await chief(), { topicId: bins }, at(26, 9));
  const binsPlan = await draftPlan(await firmStaff(), { topicId: bins, title: "6号楼旁增设垃圾分类投放点", body: documentFromText("在6号楼东侧增设四分类投放亭一座，早晚各安排一名督导员值守一个月。"), budget: "5400", budgetSource: "publicRevenue", deadline: date(-3) }, at(25, 10));
  const binsBallot = await openBallot(await chief(), { topicId: bins, kind: "single", planIds: [binsPlan.planId], electorateKind: "gridResidents", secret: true, opensAt: at(23, 9), closesAt: at(21, 20) }, at(23, 9));
  for (let n = 1; n <= 46; n++) await castVote(await resident(n), { ballotId: binsBallot.ballotId, choice: n % 8 === 0 ? "abstain" : "agree" }, at(22, 9 + (n % 10)));
  await closeBallot(await chief(), { ballotId: binsBallot.ballotId }, at(21, 21));
  await startImplementation(await chief(), { topicId: bins }, at(20, 9));
  await assignSupervisors(await chief(), { topicId: bins, personIds: [supervisorId] }, at(20, 9));
  const binsTask = await createTask(await chief(), { topicId: bins, title: "建设6号楼东侧分类投放亭", assignee: `organisation:${firm}`, dueOn: date(-5) }, at(20, 10));
  await takeTask(await firmStaff(), { taskId: binsTask.taskId }, at(20, 11));
  await reportProgress(await firmStaff(), { taskId: binsTask.taskId, body: "投放亭已建成并投入使用，督导员早晚值守已排班。", percent: 100, completes: true }, [], at(2, 16));

  return 9;
}
