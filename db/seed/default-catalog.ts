import type { TopicLevel, VoteRule } from "../schema";

/**
 * The default agenda catalog (网格议事清单) given to a new community: 9 categories, 30 items.
 * Each item sets what may be deliberated at all (准入门槛), the level it is usually settled at
 * (小事不出网格、大事不出社区) and the vote rule its resolutions take by default. Owners' common
 * matters follow Civil Code art. 278: maintenance-fund raising, rebuilding, and changing the use
 * of common parts or running a business on them need three-quarters; the rest more than half.
 */
export type CatalogSeed = { category: string; items: { name: string; description: string; level: TopicLevel; rule: VoteRule }[] }[];

export const defaultCatalog: CatalogSeed = [
  {
    category: "睦邻关系",
    items: [
      { name: "邻里纠纷调解", description: "漏水、占道、装修等邻里之间的矛盾协调", level: "grid", rule: "simpleMajority" },
      { name: "噪音扰民", description: "商铺、广场舞、装修施工等噪音问题", level: "grid", rule: "simpleMajority" },
      { name: "宠物饲养管理", description: "文明养犬、宠物粪便清理等公约", level: "grid", rule: "simpleMajority" },
    ],
  },
  {
    category: "平安建设",
    items: [
      { name: "电动车楼道停放与充电", description: "电动车进楼入户、飞线充电等消防隐患治理", level: "grid", rule: "simpleMajority" },
      { name: "楼道消防隐患", description: "楼道堆物、消防器材缺损、消防通道堵塞", level: "grid", rule: "simpleMajority" },
      { name: "门禁与监控", description: "单元门禁、公共区域监控的增设与维护", level: "grid", rule: "simpleMajority" },
    ],
  },
  {
    category: "公共事务",
    items: [
      { name: "公共空间使用", description: "闲置空间改造为议事厅、活动室、晾晒区等", level: "grid", rule: "simpleMajority" },
      { name: "社区活动组织", description: "节日活动、志愿服务、文体活动的安排", level: "grid", rule: "simpleMajority" },
      { name: "公共设施增设", description: "座椅、健身器材、信息公示栏等增设", level: "grid", rule: "simpleMajority" },
    ],
  },
  {
    category: "环境卫生",
    items: [
      { name: "垃圾分类与清运", description: "垃圾投放点设置、清运时间、分类督导", level: "grid", rule: "simpleMajority" },
      { name: "绿化养护", description: "绿地补种、树木修剪、毁绿种菜治理", level: "grid", rule: "simpleMajority" },
      { name: "楼道与公共区域卫生", description: "楼道保洁、小广告清理、卫生死角整治", level: "grid", rule: "simpleMajority" },
    ],
  },
  {
    category: "物业服务",
    items: [
      { name: "物业服务质量", description: "保洁、保安、维修响应等服务质量问题", level: "grid", rule: "simpleMajority" },
      { name: "物业收费与公示", description: "物业费标准、公共收益账目公示", level: "community", rule: "ownersMajority" },
      { name: "物业企业选聘与解聘", description: "选聘、续聘或解聘物业服务企业（民法典第278条第4项）", level: "community", rule: "ownersMajority" },
    ],
  },
  {
    category: "设施设备",
    items: [
      { name: "老旧小区加装电梯", description: "既有住宅加装电梯的意见征集与方案表决", level: "community", rule: "ownersSupermajority" },
      { name: "公共设施维修", description: "屋面防水、管网、路灯等共用设施设备维修", level: "grid", rule: "simpleMajority" },
      { name: "充电桩与车棚建设", description: "非机动车棚、集中充电设施的建设与改造", level: "grid", rule: "ownersMajority" },
    ],
  },
  {
    category: "停车交通",
    items: [
      { name: "小区停车位规划", description: "车位划线、分配与收费规则", level: "grid", rule: "ownersMajority" },
      { name: "外来车辆管理", description: "外来车辆进出、临时停车管理", level: "grid", rule: "simpleMajority" },
      { name: "消防通道与道路畅通", description: "占用消防通道、道路破损与减速设施", level: "grid", rule: "simpleMajority" },
    ],
  },
  {
    category: "业主共有事务",
    items: [
      { name: "制定和修改管理规约、议事规则", description: "民法典第278条第1、2项", level: "community", rule: "ownersMajority" },
      { name: "选举或更换业主委员会", description: "民法典第278条第3项", level: "community", rule: "ownersMajority" },
      { name: "使用维修资金", description: "使用建筑物及其附属设施的维修资金（民法典第278条第5项）", level: "grid", rule: "ownersMajority" },
      { name: "筹集维修资金", description: "筹集建筑物及其附属设施的维修资金（民法典第278条第6项）", level: "community", rule: "ownersSupermajority" },
      { name: "改建、重建建筑物及其附属设施", description: "民法典第278条第7项", level: "community", rule: "ownersSupermajority" },
      { name: "改变共有部分用途或利用共有部分经营", description: "民法典第278条第8项，如利用架空层、外墙经营", level: "community", rule: "ownersSupermajority" },
    ],
  },
  {
    category: "民生服务",
    items: [
      { name: "养老助餐服务", description: "老年食堂、助餐点、上门服务", level: "community", rule: "simpleMajority" },
      { name: "便民服务设施", description: "快递柜、便民维修点、晾晒设施", level: "grid", rule: "simpleMajority" },
      { name: "困难家庭帮扶", description: "独居老人、困难家庭的结对帮扶", level: "grid", rule: "simpleMajority" },
    ],
  },
];
