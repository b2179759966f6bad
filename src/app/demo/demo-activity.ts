/**
 * Demo activity on top of the demo customers: a product catalogue, three years of orders (through the order
 * import, so in batches), interactions on every channel, leads, sales opportunities and engineering projects at
 * every stage of their pipelines. Deterministic (seeded) like the rest of the demo data.
 */
import { Readable } from 'node:stream';
import type { ActorContext } from '../../kernel/context.ts';
import type { Services } from '../server.ts';

type Rng = { next: () => number; int: (n: number) => number; pick: <T>(items: readonly T[]) => T };

export type DemoActivityOptions = { seed?: number; years?: number; today?: Date; onProgress?: (done: number, total: number) => void };
export type DemoActivityResult = { products: number; orders: number; orderLines: number; interactions: number; leads: number; opportunities: number; projects: number };

function rng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)] as T };
}

const PRODUCTS = [
  ['PUMP-100', '离心泵 100型', '8600.00', '水泵'], ['PUMP-200', '离心泵 200型', '12800.00', '水泵'], ['VALVE-50', '不锈钢闸阀 DN50', '460.00', '阀门'],
  ['VALVE-100', '不锈钢闸阀 DN100', '920.00', '阀门'], ['MOTOR-7', '三相异步电机 7.5kW', '3150.00', '电机'], ['MOTOR-15', '三相异步电机 15kW', '5600.00', '电机'],
  ['PLC-S7', 'PLC 控制柜', '23800.00', '控制'], ['SENSOR-P', '压力变送器', '1280.00', '仪表'], ['SENSOR-F', '电磁流量计', '6900.00', '仪表'],
  ['PIPE-PE', 'PE 给水管 (米)', '38.50', '管材'], ['SVC-INSTALL', '安装调试服务', '2000.00', '服务'], ['SVC-MAINT', '年度维保服务', '9800.00', '服务'],
  ['TEA-LJ', '西湖龙井礼盒', '268.00', '礼品'], ['FILTER-10', '滤芯 (10支装)', '390.00', '耗材'],
] as const;
const CHANNELS = ['store', 'dealer', 'online', 'phone', 'direct'] as const;
const REGIONS = ['华东', '华南', '华北', '西南', '华中', '东北', '西北'] as const;
const STORES = ['上海旗舰店', '广州天河店', '北京中关村店', '成都春熙路店', '武汉光谷经销商', '沈阳铁西经销商', '西安高新代理', '天猫旗舰店'] as const;
const SUBJECTS = ['季度回访', '报价沟通', '安装进度确认', '售后问题跟进', '新产品介绍', '合同条款讨论', '满意度调查', '付款提醒'] as const;

const day = (date: Date) => date.toISOString().slice(0, 10);

export async function loadDemoActivity(services: Services, ctx: ActorContext, options: DemoActivityOptions = {}): Promise<DemoActivityResult> {
  const r = rng(options.seed ?? 20261124);
  const today = options.today ?? new Date();
  const years = options.years ?? 3;
  // Up to 1,000 people and 300 organisations get a history: enough to explore, quick to load.
  const people: Array<{ id: string }> = [];
  for (let cursor: string | undefined, more = true; more && people.length < 1000; ) {
    const page = await services.directory.people.list(ctx, { sort: 'createdAt', limit: 100, cursor } as Parameters<typeof services.directory.people.list>[1]);
    people.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    more = Boolean(page.nextCursor);
  }
  const organisations: Array<{ id: string; name: string }> = [];
  for (let cursor: string | undefined, more = true; more && organisations.length < 300; ) {
    const page = await services.directory.organisations.list(ctx, { sort: 'createdAt', limit: 100, cursor } as Parameters<typeof services.directory.organisations.list>[1]);
    organisations.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    more = Boolean(page.nextCursor);
  }
  const result: DemoActivityResult = { products: 0, orders: 0, orderLines: 0, interactions: 0, leads: 0, opportunities: 0, projects: 0 };
  if (people.length === 0) return result;

  const categories = new Map<string, string>();
  for (const category of new Set(PRODUCTS.map((p) => p[3]))) categories.set(category, (await services.commerce.catalog.createCategory(ctx, { name: category }).catch(async () => (await services.commerce.catalog.listCategories(ctx)).find((c) => c.name === category) ?? { id: '' })).id);
  for (const [sku, name, price, category] of PRODUCTS) {
    await services.commerce.catalog.createProduct(ctx, { sku, name, listPrice: price, currency: 'CNY', taxRate: sku.startsWith('SVC') ? '6' : '13', categoryId: categories.get(category) || null }).then(() => result.products++, () => undefined);
  }

  // Orders: a CSV of order lines fed to the import (idempotent: a second `guanxi demo` adds no duplicates).
  const rows = ['order_number,ordered_on,organisation_id,person_id,sku,quantity,unit_price,discount_percent,channel,region,store'];
  const start = today.getTime() - years * 365 * 86_400_000;
  let orderNo = 0;
  for (const customer of [...people.map((p) => ({ person: p.id, org: '' })), ...organisations.map((o) => ({ person: '', org: o.id }))]) {
    const orders = r.int(9);
    for (let o = 0; o < orders; o++) {
      const number = `DEMO-${String(++orderNo).padStart(6, '0')}`;
      const on = day(new Date(start + r.next() * (today.getTime() - start)));
      const channel = r.pick(CHANNELS);
      const region = r.pick(REGIONS);
      const store = channel === 'store' || channel === 'dealer' ? r.pick(STORES) : '';
      for (let l = 0, lines = 1 + r.int(3); l < lines; l++) {
        const product = r.pick(PRODUCTS);
        rows.push([number, on, customer.org, customer.person, product[0], String(1 + r.int(customer.org ? 20 : 3)), product[2], r.next() < 0.3 ? String(5 * (1 + r.int(3))) : '', channel, region, store].join(','));
      }
    }
  }
  const report = await services.commerce.imports.run(ctx, Readable.from([rows.join('\n')]), { format: 'csv' });
  result.orders = report.ordersImported;
  result.orderLines = report.linesImported;

  // Interactions on every channel, some with follow-ups and confirmed visits.
  const channels = ['visit', 'phone', 'email', 'letter', 'fax', 'questionnaire', 'wechat', 'meeting', 'other'] as const;
  for (const person of people) {
    for (let i = 0, n = r.int(4); i < n; i++) {
      const occurred = new Date(start + r.next() * (today.getTime() - start));
      await services.engagement.interactions.create(ctx, {
        channel: r.pick(channels),
        direction: r.pick(['inbound', 'outbound', 'outbound'] as const),
        subject: r.pick(SUBJECTS),
        notes: r.next() < 0.5 ? '客户反馈良好，约定下次沟通时间。' : null,
        occurredAt: occurred.toISOString(),
        outcome: r.pick(['positive', 'neutral', 'negative', 'no_answer', 'follow_up'] as const),
        personIds: [person.id],
        ...(r.next() < 0.15 ? { followUpOn: day(new Date(today.getTime() + (1 + r.int(30)) * 86_400_000)) } : {}),
      });
      result.interactions++;
    }
  }

  // Leads, sales opportunities across the pipeline, and engineering projects at every stage.
  for (let i = 0; i < 20; i++) {
    await services.sales.leads.create(ctx, { name: `${r.pick(['陈', '林', '黄', '赵', '吴'])}${r.pick(['先生', '女士', '经理', '总'])}`, company: r.next() < 0.7 ? `${r.pick(['宁波', '佛山', '无锡', '青岛'])}${r.pick(['精工', '水务', '机电'])}有限公司` : null, source: r.pick(['exhibition', 'referral', 'website', 'cold_call']), estimatedValue: String(10_000 * (1 + r.int(200))), phone: r.next() < 0.6 ? `139${String(r.int(1e8)).padStart(8, '0')}` : null });
    result.leads++;
  }
  const salesPath = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'];
  for (const organisation of organisations.slice(0, 40)) {
    const target = r.int(salesPath.length);
    const close = day(new Date(today.getTime() + (r.int(300) - 60) * 86_400_000));
    const opportunity = await services.sales.opportunities.create(ctx, { name: `${organisation.name.slice(0, 12)} ${r.pick(['设备采购', '改造项目', '年度框架'])}`, organisationId: organisation.id, amount: String(50_000 + 5_000 * r.int(200)), expectedCloseOn: close });
    const path = target === 5 ? ['lost'] : salesPath.slice(1, target + 1);
    for (const stage of path) {
      const set: Record<string, string> = {};
      if (stage === 'won') set.winReason = '价格与交期';
      if (stage === 'lost') set.lossReason = r.pick(['价格', '竞争对手关系', '预算取消']);
      if (stage === 'negotiation') {
        const product = r.pick(PRODUCTS);
        set.quoteId = (await services.commerce.quotes.create(ctx, { organisationId: organisation.id, opportunityId: opportunity.id, currency: 'CNY', lines: [{ description: product[1], quantity: String(1 + r.int(20)), unitPrice: product[2], taxRate: '13' }] })).id;
      }
      await services.sales.opportunities.move(ctx, opportunity.id, { stage, set });
    }
    result.opportunities++;
  }
  const projectPath = (): Array<[string, Record<string, unknown>]> => [
    ['bidding', { custom: { bidDeadline: day(today) } }],
    ['contract_signed', {}],
    ['execution', { custom: { siteManager: '李工' } }],
    ['completion_payment', { custom: { acceptanceDate: day(today) } }],
    ['warranty', { custom: { warrantyEndOn: day(new Date(today.getTime() + 730 * 86_400_000)) } }],
    ['closed', { winReason: '按期交付' }],
  ];
  for (const [index, organisation] of organisations.slice(40, 54).entries()) {
    const project = await services.sales.opportunities.create(ctx, { name: `${organisation.name.slice(0, 10)} 机电安装工程`, pipeline: 'project', organisationId: organisation.id, amount: String(800_000 + 50_000 * r.int(100)), expectedCloseOn: day(new Date(today.getTime() + r.int(365) * 86_400_000)) });
    for (const [stage, set] of projectPath().slice(0, index % 7)) {
      if (stage === 'contract_signed') set.contractId = (await services.commerce.contracts.create(ctx, { title: project.name, organisationId: organisation.id, opportunityId: project.id, value: project.amount ?? '0', currency: 'CNY', signedOn: day(today), status: 'active' })).id;
      await services.sales.opportunities.move(ctx, project.id, { stage, set });
    }
    result.projects++;
  }
  options.onProgress?.(1, 1);
  return result;
}
