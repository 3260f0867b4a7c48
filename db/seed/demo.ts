import type { DB } from "../client";
import { agendaCategories, agendaItems, buildings, communities, grids, organisations, people, roles, seedRuns, units, type RoleKind } from "../schema";
import { defaultCatalog } from "./default-catalog";
import { unitOfWork } from "@/db/unit-of-work";
import { first } from "../query";

/** A small deterministic random generator, so the demo is the same on every machine. */
function mulberry32(seed: number) {
  return () => {
    let t = (seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘".split("");
const givenNames = ["秀英", "桂兰", "建华", "志强", "丽娟", "国平", "海燕", "德明", "淑珍", "永红", "春梅", "建军", "玉兰", "晓东", "文静", "立新", "红霞", "金凤", "振华", "雪梅"];

/** Layout of the demo: grid → buildings (floors × stairs × units per stair). */
const layout = [
  { code: "01", name: "第一网格", councilDay: 15, buildings: [6, 6, 6, 7, 7, 6] },
  { code: "02", name: "第二网格", councilDay: 10, buildings: [11, 11, 6, 6] },
  { code: "03", name: "第三网格", councilDay: null, buildings: [6, 6, 6, 18] },
];

export type DemoSummary = { communityId: number; grids: number; buildings: number; units: number; people: number };

/**
 * Seeds the demo community of the README: 3 grids, 14 buildings, 648 units with realistic areas,
 * a property firm, an owners' committee, five think tanks, the default agenda catalog and the
 * demo accounts (all with the password hash given, i.e. "demo1234").
 */
export async function seedDemoCommunity(db: DB, passwordHash: string): Promise<DemoSummary> {
  const rand = mulberry32(20261125);
  return await unitOfWork(db, async (tx) => {
    // Marks this database as the demo's, in the same transaction: a production start refuses it.
    await tx.insert(seedRuns).values({ kind: "demo" });
    const community = await first(tx
      .insert(communities)
      .values({ code: "HX", name: "红心社区", district: "城东区", street: "和平街道" })
      .returning());
    const c = community.id;

    // Places.
    const gridRows: { id: number; code: string; buildings: { id: number; code: string; units: { id: number; number: string }[] }[] }[] = [];
    let unitCount = 0;
    for (const g of layout) {
      const grid = await first(tx.insert(grids).values({ communityId: c, code: g.code, name: g.name, councilDay: g.councilDay }).returning());
      const bs: (typeof gridRows)[number]["buildings"] = [];
      for (const [i, floors] of g.buildings.entries()) {
        const code = String(i + 1).padStart(2, "0");
        const b = await first(tx.insert(buildings).values({ gridId: grid.id, code, name: `${i + 1}号楼`, floors }).returning());
        const us: { id: number; number: string }[] = [];
        // Two stairs (单元), three flats per landing; high-rises (≥ 11 floors) have smaller flats.
        const base = floors >= 11 ? 78 : 92;
        for (let stair = 1; stair <= 2; stair++) {
          for (let floor = 1; floor <= floors; floor++) {
            for (let flat = 1; flat <= 3; flat++) {
              const number = `${stair}-${floor}${String(flat).padStart(2, "0")}`;
              const area = Math.round((base + [0, 18, -12][flat - 1]! + (rand() - 0.5) * 24) * 100);
              // The developer still holds the ground-floor flats of the newest building in grid 1.
              const developerHeld = g.code === "01" && i === 5 && floor === 1;
              const u = await first(tx.insert(units).values({ buildingId: b.id, number, areaHundredths: area, developerHeld }).returning({ id: units.id }));
              us.push({ id: u.id, number });
              unitCount++;
            }
          }
        }
        bs.push({ id: b.id, code, units: us });
      }
      gridRows.push({ id: grid.id, code: g.code, buildings: bs });
    }

    // Organisations: the three parties of 三方联动 besides the party branch, and the think tanks.
    const org = async (kind: "propertyFirm" | "ownersCommittee" | "thinkTank", name: string, code: string, description = "") =>
      await first(tx.insert(organisations).values({ communityId: c, kind, name, code, description }).returning());
    const firm = await org("propertyFirm", "安居物业服务有限公司", "WY1", "负责红心社区全部楼栋的物业服务");
    const committee = await org("ownersCommittee", "红心社区业主委员会", "YWH1");
    const thinkTanks: [string, string, string][] = [
      ["邻里帮帮团", "ZN1", "热心邻居，帮助解决邻里小事"],
      ["质量监督团", "ZN2", "监督工程和服务质量"],
      ["应急突击队", "ZN3", "突发事件的应急处置"],
      ["职能联动团", "ZN4", "街道职能部门的联络人"],
      ["专家咨询团", "ZN5", "律师、工程师、规划师等专业人士"],
    ];
    const tankRows = [];
    for (const [name, code, description] of thinkTanks) tankRows.push(await org("thinkTank", name, code, description));

    // Agenda catalog.
    for (const [ci, cat] of defaultCatalog.entries()) {
      const category = await first(tx.insert(agendaCategories).values({ communityId: c, name: cat.category, sortOrder: ci }).returning());
      for (const [ii, item] of cat.items.entries()) {
await tx.insert(agendaItems)
          .values({ categoryId: category.id, name: item.name, description: item.description, defaultLevel: item.level, defaultVoteRule: item.rule, sortOrder: ii });
}
    }

    // People.
    let peopleCount = 0;
    const perUnitSeq = new Map<string, number>();
    const addPerson = async (
      phone: string,
      name: string,
      dn: { grid: string; identity: string; unit: string },
      held: { role: RoleKind; gridId?: number; unitId?: number; organisationId?: number }[],
      status: "verified" | "pending" = "verified",
      claimedUnitId?: number,
    ) => {
      const key = `HX${dn.grid}-${dn.identity}-${dn.unit}-`;
      const seq = (perUnitSeq.get(key) ?? 0) + 1;
      perUnitSeq.set(key, seq);
      const p = await first(tx
        .insert(people)
        .values({ phone, passwordHash, name, displayNumber: `${key}${seq}`, status, claimedUnitId: claimedUnitId ?? null, claimedOwner: status === "pending" })
        .returning());
      for (const r of held) {
        await tx.insert(roles)
          .values({ personId: p.id, role: r.role, communityId: c, gridId: r.gridId ?? null, unitId: r.unitId ?? null, organisationId: r.organisationId ?? null });
      }
      peopleCount++;
      return p;
    };
    const [g1, g2] = [gridRows[0]!, gridRows[1]!];

    await addPerson("13800000000", "王建国", { grid: "00", identity: "GL", unit: "SQ" }, [{ role: "communityAdmin" }]);
    await addPerson("13800000001", "李红梅", { grid: "01", identity: "WGZ", unit: "SQ" }, [{ role: "gridChief", gridId: g1.id }]);
    await addPerson("13800000002", "陈志强", { grid: "01", identity: "WGY", unit: "SQ" }, [{ role: "gridWorker", gridId: g1.id }]);
    await addPerson("13800000003", "赵磊", { grid: "00", identity: "WY", unit: firm.code }, [{ role: "propertyFirmStaff", organisationId: firm.id }]);
    await addPerson("13800000004", "孙丽华", { grid: "00", identity: "YWH", unit: committee.code }, [{ role: "ownersCommitteeMember", organisationId: committee.id }]);
    await addPerson("13800000005", "周德明", { grid: "00", identity: "DDY", unit: "SQ" }, [{ role: "supervisor" }]);

    // 60 verified owners living in grid 1: the first eight in building 1, the rest spread over
    // the other buildings; 13800000101 owns two flats in building 1.
    const b1 = g1.buildings[0]!.units;
    const others = g1.buildings.slice(1).flatMap((b) => b.units.filter((_, i) => i % 2 === 1).map((u) => ({ ...u, buildingCode: b.code })));
    for (let i = 1; i <= 60; i++) {
      const phone = `13800000${String(100 + i)}`;
      const name = surnames[(i * 7) % surnames.length]! + givenNames[(i * 3) % givenNames.length]!;
      const home = i <= 8 ? { ...b1[(i - 1) * 3]!, buildingCode: "01" } : others[i - 9]!;
      const held: { role: RoleKind; gridId?: number; unitId?: number }[] = [
        { role: "owner", gridId: g1.id, unitId: home.id },
        { role: "resident", gridId: g1.id, unitId: home.id },
      ];
      if (i === 1) held.push({ role: "owner", gridId: g1.id, unitId: b1[1]!.id });
      await addPerson(phone, name, { grid: "01", identity: "YZ", unit: `${home.buildingCode}#${home.number}` }, held);
    }

    // Every other flat of building 1 has its registered owner too (13900001001 …), so that an
    // owners' vote of the whole building can reach the Civil Code's two-thirds participation.
    const ownedInB1 = new Set([...b1.filter((_, i) => i % 3 === 0).slice(0, 8).map((u) => u.id), b1[1]!.id]);
    let extra = 0;
    for (const u of b1) {
      if (ownedInB1.has(u.id)) continue;
      extra++;
      const name = surnames[(extra * 11 + 3) % surnames.length]! + givenNames[(extra * 7 + 5) % givenNames.length]!;
      await addPerson(`13900001${String(extra).padStart(3, "0")}`, name, { grid: "01", identity: "YZ", unit: `01#${u.number}` }, [
        { role: "owner", gridId: g1.id, unitId: u.id },
        { role: "resident", gridId: g1.id, unitId: u.id },
      ]);
    }

    // Two members in each think tank (13800000401 …), so a topic can invite one for its expertise:
    // an empty think tank is refused an invitation ("thinkTankEmpty").
    const tankMembers = [
      ["马桂兰", "高志远"], // 邻里帮帮团: neighbours who settle corridor quarrels
      ["郑建华", "谢玉珍"], // 质量监督团: a retired site supervisor, a long-standing party member
      ["韩冬", "冯晓东"], // 应急突击队: the micro fire station's head, a veteran volunteer
      ["唐秀英", "许文博"], // 职能联动团: the street office's liaisons
      ["邓律", "曹磊"], // 专家咨询团: a lawyer, a structural engineer
    ];
    for (const [ti, tank] of tankRows.entries()) {
      for (const [mi, name] of tankMembers[ti]!.entries()) {
        await addPerson(`13800000${401 + ti * 2 + mi}`, name, { grid: "00", identity: "ZNT", unit: tank.code }, [{ role: "thinkTankMember", organisationId: tank.id }]);
      }
    }

    const g2Home = g2.buildings[0]!.units[4]!;
    await addPerson("13800000201", "刘海燕", { grid: "02", identity: "JM", unit: `01#${g2Home.number}` }, [{ role: "resident", gridId: g2.id, unitId: g2Home.id }]);

    // Two registrations waiting for the grid-1 staff, so the verification queue is not empty.
    const waiting = [b1[20]!, g1.buildings[2]!.units[10]!];
    await addPerson("13800000301", "黄振华", { grid: "01", identity: "YZ", unit: `01#${waiting[0]!.number}` }, [], "pending", waiting[0]!.id);
    await addPerson("13800000302", "林雪梅", { grid: "01", identity: "YZ", unit: `03#${waiting[1]!.number}` }, [], "pending", waiting[1]!.id);

    return { communityId: c, grids: gridRows.length, buildings: gridRows.reduce((n, g) => n + g.buildings.length, 0), units: unitCount, people: peopleCount };
  });
}
