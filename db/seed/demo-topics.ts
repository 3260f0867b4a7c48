import { eq } from "drizzle-orm";
import type { DB } from "../client";
import { agendaItems, buildings, grids, organisations, people } from "../schema";
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

const DAY = 86_400_000;

/**
 * Demo topics at the stages built so far, made through the real use cases (so timelines, counts,
 * search entries and inbox messages are exactly what the app itself would write).
 */
export async function seedDemoTopics(db: DB, now = new Date()): Promise<number> {
  const person = (phone: string) => db.select({ id: people.id }).from(people).where(eq(people.phone, phone)).get()!.id;
  const as = (phone: string) => ({ db, actor: loadActor(db, person(phone)) });
  const resident = (n: number) => as(`13800000${100 + n}`);
  const item = (name: string) => db.select({ id: agendaItems.id }).from(agendaItems).where(eq(agendaItems.name, name)).get()!.id;
  const grid1 = db.select({ id: grids.id }).from(grids).where(eq(grids.code, "01")).get()!.id;
  const building = (code: string) => db.select({ id: buildings.id }).from(buildings).where(eq(buildings.code, code)).all().find(Boolean)!.id;
  const firm = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, "WY1")).get()!.id;
  // A time of day in Beijing time (UTC+8), some days ago.
  const shanghaiMidnight = Math.floor((now.getTime() + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;
  const at = (daysAgo: number, hour = 9) => new Date(shanghaiMidnight - daysAgo * DAY + hour * 3600_000);
  const propose = (by: number, title: string, itemName: string, text: string, daysAgo: number, extra: Record<string, unknown> = {}) =>
    proposeTopic(resident(by), { gridId: grid1, agendaItemId: item(itemName), title, description: documentFromText(text), ...extra }, [], at(daysAgo)).then((r) => r.topicId);

  // 1. Collecting co-signatures.
  const ebikes = await propose(1, "1号楼楼道电动车充电隐患", "电动车楼道停放与充电", "每天晚上都有人把电动车推进1号楼楼道充电，还有从窗户拉下来的飞线，一旦起火后果不堪设想。\n希望物业在楼下设集中充电点，并劝导大家不要进楼充电。", 3, { buildingId: building("01"), location: "1号楼1单元一楼楼道" });
  cosignTopic(resident(2), { topicId: ebikes }, at(3, 14));
  cosignTopic(resident(3), { topicId: ebikes }, at(2, 10));

  // 2. Enough co-signatures: waiting for the grid chief's admission.
  const parking = await propose(4, "东门外晚上停车位不够", "小区停车位规划", "晚上七点以后东门附近的车位全满，车辆只能停在消防通道上。\n建议重新划线，把闲置的自行车棚改成车位。", 6);
  for (const [n, d] of [[5, 6], [6, 5], [7, 5], [8, 4]] as const) cosignTopic(resident(n), { topicId: parking }, at(d, 16));

  // 3. Admitted and in consultation, with opinions and the property firm's official answer.
  const elevator = await propose(9, "3号楼加装电梯", "老旧小区加装电梯", "3号楼住着不少七八十岁的老人，爬六楼非常吃力。\n希望启动加装电梯的意见征集，了解大家的意愿和费用分摊办法。", 12, { buildingId: building("03") });
  for (const [n, d] of [[10, 12], [11, 11], [12, 11], [13, 10]] as const) cosignTopic(resident(n), { topicId: elevator }, at(d, 19));
  admitTopic(as("13800000001"), { topicId: elevator, level: "community", note: "涉及维修资金和全体业主表决，按社区级议题办理" }, at(9, 10));
  postOpinion(resident(14), { topicId: elevator, stance: "support", body: "我家住五楼，老母亲腿脚不好，非常支持加装电梯。" }, at(8, 20));
  postOpinion(resident(15), { topicId: elevator, stance: "oppose", body: "一楼住户不需要电梯，还会挡光，费用分摊要考虑低层住户。" }, at(8, 21));
  postOpinion(resident(16), { topicId: elevator, stance: "suggestion", body: "建议先请专业机构做可行性评估，再按楼层分摊费用。" }, at(7, 9));
  postOpinion(as("13800000003"), { topicId: elevator, stance: "suggestion", body: "物业可以协助联系电梯厂家做免费勘测，并提供3号楼的管线图纸。施工期间我们负责现场安全和秩序。", officialOrganisationId: firm }, at(6, 15));

  // 4. Not admitted, with the public reason.
  const privateMatter = await propose(17, "要求邻居更换装修队", "邻里纠纷调解", "楼上装修队天天早上七点开工，太吵了，要求他们换一家装修公司。", 9);
  rejectTopic(as("13800000002"), { topicId: privateMatter, reason: "装修时间问题已转物业按《管理规约》约束施工时段，更换装修队属于业主个人事务，不作为议题。" }, at(8, 11));

  // 5. Decided: a plan by the property firm, voted by the grid's residents, resolution on the notice board.
  const doors = await propose(18, "2号楼单元门禁损坏，外来人员随意进出", "门禁与监控", "2号楼两个单元的门禁锁坏了半年，单元门一直敞开，外来推销和小广告很多。\n希望尽快修好门禁，并给老人配发门禁卡。", 10, { buildingId: building("02") });
  for (const [n, d] of [[19, 10], [20, 10], [21, 9], [22, 9]] as const) cosignTopic(resident(n), { topicId: doors }, at(d, 20));
  admitTopic(as("13800000002"), { topicId: doors, level: "grid" }, at(8, 9));
  startDrafting(as("13800000001"), { topicId: doors }, at(7, 9));
  const plan = draftPlan(
    as("13800000003"),
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
  const ballot = openBallot(
    as("13800000001"),
    { topicId: doors, kind: "single", planIds: [plan.planId], electorateKind: "gridResidents", secret: true, opensAt: at(4, 9), closesAt: at(1, 20) },
    at(4, 9),
  );
  for (let n = 1; n <= 40; n++) castVote(resident(n), { ballotId: ballot.ballotId, choice: n % 9 === 0 ? "disagree" : n % 13 === 0 ? "abstain" : "agree" }, at(3, 8 + (n % 12)));
  closeBallot(as("13800000001"), { ballotId: ballot.ballotId }, at(1, 21));

  return 5;
}
