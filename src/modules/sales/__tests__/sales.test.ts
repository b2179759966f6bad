import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
let organisationId: string;

beforeAll(async () => {
  t = await createTestApp({ eventPollMs: 0 });
  organisationId = (await t.call({ method: 'POST', url: '/api/v1/organisations', payload: { name: '深圳宏达建设工程有限公司' } })).json().id;
});
afterAll(() => t.close());

type Json = Record<string, unknown> & { id: string; version: number };
const post = async (url: string, payload: unknown, status = 201, headers: Record<string, string> = {}) => {
  const response = await t.call({ method: 'POST', url, payload: payload as Record<string, unknown>, headers });
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as Json;
};

describe('pipelines', () => {
  it('ships sales and engineering-project pipelines, every stage with a responsible role', async () => {
    const response = await t.call({ method: 'GET', url: '/api/v1/pipelines' });
    const items = response.json().items as Array<{ key: string; stages: Array<{ key: string; ownerRole: string | null }> }>;
    expect(items.map((p) => p.key)).toEqual(['sales', 'project']);
    expect(items[0]?.stages.map((s) => s.key)).toEqual(['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']);
    expect(items[1]?.stages.map((s) => s.key)).toEqual(['prequalification', 'bidding', 'contract_signed', 'execution', 'completion_payment', 'warranty', 'closed', 'lost']);
    expect(items.flatMap((p) => p.stages).every((s) => s.ownerRole)).toBe(true);
  });

  it('accepts a custom pipeline and refuses duplicate keys and duplicate stage keys', async () => {
    const stages = [{ key: 'open', name: 'Open', probability: 20 }, { key: 'done', name: 'Done', probability: 100, outcome: 'won' }];
    await post('/api/v1/pipelines', { key: 'renewals', name: '续约', kind: 'sales', stages });
    expect((await t.call({ method: 'POST', url: '/api/v1/pipelines', payload: { key: 'renewals', name: 'x', kind: 'sales', stages } })).statusCode).toBe(409);
    expect((await t.call({ method: 'POST', url: '/api/v1/pipelines', payload: { key: 'other', name: 'x', kind: 'sales', stages: [stages[0], stages[0]] } })).statusCode).toBe(400);
  });
});

describe('stage gate', () => {
  it('refuses to advance with 422 listing exactly what is missing, then advances once it is given', async () => {
    const opportunity = await post('/api/v1/opportunities', { name: '数控机床 20 台', organisationId });
    expect(opportunity).toMatchObject({ stage: 'lead', status: 'open', probability: '10.00', currency: 'CNY', amount: null });
    const refused = await t.call({ method: 'POST', url: `/api/v1/opportunities/${opportunity.id}/stage`, payload: { stage: 'proposal' } });
    expect(refused.statusCode).toBe(422);
    expect(errorOf(refused)).toMatchObject({ code: 'SALES.STAGE_REQUIREMENTS_MISSING', details: { stage: 'proposal', missing: ['amount', 'expectedCloseOn'] } });
    const moved = await t.call({ method: 'POST', url: `/api/v1/opportunities/${opportunity.id}/stage`, headers: { 'if-match': '"1"' }, payload: { stage: 'proposal', set: { amount: '1280000.5', expectedCloseOn: '2027-03-31' } } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ stage: 'proposal', amount: '1280000.50', probability: '50.00', version: 2 });
    // Taking away what the stage required is refused too.
    const patch = await t.call({ method: 'PATCH', url: `/api/v1/opportunities/${opportunity.id}`, payload: { amount: null } });
    expect(patch.statusCode).toBe(422);
    expect(errorOf(patch).details).toEqual({ stage: 'proposal', missing: ['amount'] });
    const lost = await t.call({ method: 'POST', url: `/api/v1/opportunities/${opportunity.id}/stage`, payload: { stage: 'lost' } });
    expect(errorOf(lost).details).toEqual({ stage: 'lost', missing: ['lossReason'] });
    const unknown = await t.call({ method: 'POST', url: `/api/v1/opportunities/${opportunity.id}/stage`, payload: { stage: 'bidding' } });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown).code).toBe('SALES.UNKNOWN_STAGE');
  });

  it('answers 412 to a stale stage move and keeps money as exact decimal strings', async () => {
    const opportunity = await post('/api/v1/opportunities', { name: '年度维保', organisationId, amount: '0.1', currency: 'USD' });
    expect(opportunity.amount).toBe('0.10');
    await post(`/api/v1/opportunities/${opportunity.id}/stage`, { stage: 'qualified' }, 200, { 'if-match': '"1"' });
    const stale = await t.call({ method: 'POST', url: `/api/v1/opportunities/${opportunity.id}/stage`, headers: { 'if-match': '"1"' }, payload: { stage: 'lost', set: { lossReason: '价格' } } });
    expect(stale.statusCode).toBe(412);
    expect((await t.call({ method: 'POST', url: '/api/v1/opportunities', payload: { name: 'x', amount: 1.005 } })).statusCode).toBe(400);
    expect((await t.call({ method: 'POST', url: '/api/v1/opportunities', payload: { name: 'x', currency: 'rmb' } })).statusCode).toBe(400);
  });
});

describe('concurrent edits', () => {
  it('lets exactly one of two simultaneous edits of the same version through; the other gets 412', async () => {
    const opportunity = await post('/api/v1/opportunities', { name: '并发测试', organisationId, amount: '100.00' });
    const [a, b] = await Promise.all([
      t.call({ method: 'PATCH', url: `/api/v1/opportunities/${opportunity.id}`, headers: { 'if-match': '"1"' }, payload: { amount: '200.00' } }),
      t.call({ method: 'POST', url: `/api/v1/opportunities/${opportunity.id}/stage`, headers: { 'if-match': '"1"' }, payload: { stage: 'qualified' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const final = (await t.call({ method: 'GET', url: `/api/v1/opportunities/${opportunity.id}` })).json();
    expect(final.version).toBe(2);
    expect(a.statusCode === 200 ? final.amount === '200.00' && final.stage === 'lead' : final.amount === '100.00' && final.stage === 'qualified').toBe(true);
  });
});

describe('visibility', () => {
  it('shows a sales rep only their own opportunities and leads; someone else’s answers exactly like a missing one', async () => {
    const rep = await t.services.access.createUser({ tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined }, { email: 'rep@example.com', displayName: '小李', password: 'long enough password', roleKey: 'sales' });
    const token = (await t.services.access.createApiTokenForEmail(rep.email, 'test')).token;
    const theirs = await post('/api/v1/opportunities', { name: '管理员的商机', organisationId });
    const mine = await t.call({ method: 'POST', url: '/api/v1/opportunities', auth: token, payload: { name: '小李的商机' } });
    expect(mine.statusCode, mine.body).toBe(201);
    const hidden = await t.call({ method: 'GET', url: `/api/v1/opportunities/${theirs.id}`, auth: token });
    const missing = await t.call({ method: 'GET', url: '/api/v1/opportunities/01900000-0000-7000-8000-000000000000', auth: token });
    expect([hidden.statusCode, errorOf(hidden).code]).toEqual([404, errorOf(missing).code]);
    expect((await t.call({ method: 'POST', url: `/api/v1/opportunities/${theirs.id}/stage`, auth: token, payload: { stage: 'qualified' } })).statusCode).toBe(404);
    const list = (await t.call({ method: 'GET', url: '/api/v1/opportunities?limit=100', auth: token })).json().items as Array<{ name: string }>;
    expect(list.map((o) => o.name)).toEqual(['小李的商机']);
    const board = (await t.call({ method: 'GET', url: '/api/v1/pipelines/sales/kanban', auth: token })).json().columns as Array<{ count: number }>;
    expect(board.reduce((n, c) => n + c.count, 0)).toBe(1);
  });

  it('names each card’s customer on the board, only where the caller may see the customer', async () => {
    const rep = await t.services.access.createUser({ tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined }, { email: 'rep2@example.com', displayName: '小王', password: 'long enough password', roleKey: 'sales' });
    const token = (await t.services.access.createApiTokenForEmail(rep.email, 'test')).token;
    const person = await post('/api/v1/people', { name: '郑丽' });
    const forOrg = await post('/api/v1/opportunities', { name: '看板-公司', organisationId });
    const forPerson = await post('/api/v1/opportunities', { name: '看板-个人', personId: person.id });
    const nobody = await post('/api/v1/opportunities', { name: '看板-无客户' });
    // The rep's card is for the administrator's organisation, which the rep may not see.
    const handed = await post('/api/v1/opportunities', { name: '看板-转交', organisationId, ownerId: rep.id });
    type Card = { id: string; customerName: string | null };
    const cards = async (auth?: string) => ((await t.call({ method: 'GET', url: '/api/v1/pipelines/sales/kanban?perStage=100', ...(auth ? { auth } : {}) })).json().columns as Array<{ items: Card[] }>).flatMap((c) => c.items);
    const names = new Map((await cards()).map((c) => [c.id, c.customerName]));
    expect([names.get(forOrg.id), names.get(forPerson.id), names.get(nobody.id), names.get(handed.id)]).toEqual(['深圳宏达建设工程有限公司', '郑丽', null, '深圳宏达建设工程有限公司']);
    const repCards = await cards(token);
    expect(repCards.map((c) => [c.id, c.customerName])).toEqual([[handed.id, null]]);
  });
});

describe('engineering project', () => {
  it('goes through every stage, each with a responsible owner, history with time in stage, and the timeline shows each step', async () => {
    const project = await post('/api/v1/opportunities', { name: '华南物流园机电安装工程', pipeline: 'project', organisationId });
    expect(project).toMatchObject({ kind: 'project', stage: 'prequalification', stageOwnerId: t.admin.id });
    const steps: Array<[string, Record<string, unknown>]> = [
      ['bidding', { amount: '8650000.00', expectedCloseOn: '2027-06-30', custom: { bidDeadline: '2027-01-15' } }],
      ['contract_signed', { contractId: '01900000-0000-7000-8000-0000000000c1' }],
      ['execution', { custom: { siteManager: '李工' } }],
      ['completion_payment', { custom: { acceptanceDate: '2027-09-01' } }],
      ['warranty', { custom: { warrantyEndOn: '2029-09-01' } }],
      ['closed', { winReason: '技术方案与工期最优' }],
    ];
    let version = project.version;
    for (const [stage, set] of steps) {
      const moved = await post(`/api/v1/opportunities/${project.id}/stage`, { stage, set, stageOwnerId: t.admin.id }, 200, { 'if-match': `"${version}"` });
      expect(moved.stage).toBe(stage);
      version = moved.version;
    }
    const final = (await t.call({ method: 'GET', url: `/api/v1/opportunities/${project.id}` })).json();
    expect(final).toMatchObject({ status: 'won', winReason: '技术方案与工期最优', custom: { bidDeadline: '2027-01-15', siteManager: '李工', acceptanceDate: '2027-09-01', warrantyEndOn: '2029-09-01' } });
    expect(final.closedAt).toBeTruthy();
    const history = (await t.call({ method: 'GET', url: `/api/v1/opportunities/${project.id}/history` })).json().items as Array<{ stage: string; ownerId: string; leftAt: string | null; secondsInStage: number }>;
    expect(history.map((h) => h.stage)).toEqual(['prequalification', ...steps.map(([s]) => s)]);
    expect(history.every((h) => h.ownerId === t.admin.id && h.secondsInStage >= 0)).toBe(true);
    expect(history.filter((h) => h.leftAt === null)).toHaveLength(1);

    await t.services.engagement.timeline.catchUp();
    const timeline = (await t.call({ method: 'GET', url: `/api/v1/organisations/${organisationId}/timeline?kind=opportunity&limit=100` })).json().items as Array<{ summary: string; aggregateId: string }>;
    const mine = timeline.filter((e) => e.aggregateId === project.id).map((e) => e.summary).reverse();
    expect(mine[0]).toMatch(/^Project opened/);
    expect(mine.slice(1)).toEqual([
      '华南物流园机电安装工程: Prequalification → Bidding',
      '华南物流园机电安装工程: Bidding → Contract signed',
      '华南物流园机电安装工程: Contract signed → Execution',
      '华南物流园机电安装工程: Execution → Completion and payment collection',
      '华南物流园机电安装工程: Completion and payment collection → Warranty',
      '华南物流园机电安装工程: Warranty → Closed (技术方案与工期最优)',
    ]);
  });
});

describe('leads, kanban and forecast', () => {
  it('grades leads by configurable rules and converts one into person + organisation + opportunity', async () => {
    const a = await post('/api/v1/leads', { name: '陈志强', company: '杭州云峰科技有限公司', title: '采购总监', phone: '13912345678', email: 'chen@yunfeng.cn', source: 'exhibition', estimatedValue: '1500000' });
    expect(a).toMatchObject({ grade: 'A', score: 120, status: 'new' });
    const d = await post('/api/v1/leads', { name: '路人甲' });
    expect(d.grade).toBe('D');
    const rules = (await t.call({ method: 'GET', url: '/api/v1/leads/grading-rules' })).json();
    const changed = await t.call({ method: 'PUT', url: '/api/v1/leads/grading-rules', payload: { rules: [{ field: 'phone', op: 'present', points: 5 }], thresholds: { A: 5, B: 3, C: 1 } } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().version).toBe(rules.version + 1);
    expect((await t.call({ method: 'GET', url: `/api/v1/leads/${d.id}` })).json().grade).toBe('D');
    expect((await t.call({ method: 'GET', url: `/api/v1/leads/${a.id}` })).json()).toMatchObject({ grade: 'A', score: 5 });

    const converted = await post(`/api/v1/leads/${a.id}/convert`, { opportunity: { expectedCloseOn: '2027-02-28' } }, 200);
    const { lead, opportunity } = converted as unknown as { lead: Json; opportunity: Json };
    expect(lead).toMatchObject({ status: 'converted', convertedOpportunityId: opportunity.id });
    expect(opportunity).toMatchObject({ name: '杭州云峰科技有限公司', amount: '1500000.00', organisationId: lead.convertedOrganisationId, personId: lead.convertedPersonId, leadId: a.id });
    const person = (await t.call({ method: 'GET', url: `/api/v1/people/${lead.convertedPersonId as string}` })).json();
    expect(person.phones[0].e164).toBe('+8613912345678');
    expect((await t.call({ method: 'POST', url: `/api/v1/leads/${a.id}/convert`, payload: {} })).statusCode).toBe(409);
  });

  it('shows the kanban grouped by stage with totals, and the weighted forecast by month and owner', async () => {
    const board = await t.call({ method: 'GET', url: '/api/v1/pipelines/sales/kanban?perStage=10' });
    expect(board.statusCode, board.body).toBe(200);
    const columns = board.json().columns as Array<{ stage: { key: string }; count: number; items: Array<{ stage: string }> }>;
    expect(columns.map((c) => c.stage.key)).toEqual(['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']);
    for (const column of columns) expect(column.items.every((i) => i.stage === column.stage.key)).toBe(true);
    expect(columns.reduce((n, c) => n + c.count, 0)).toBeGreaterThanOrEqual(3);

    await post('/api/v1/opportunities', { name: 'F1', amount: '1000.00', expectedCloseOn: '2030-01-10', organisationId });
    await post('/api/v1/opportunities', { name: 'F2', amount: '333.33', expectedCloseOn: '2030-01-20', organisationId, stage: 'qualified' });
    const forecast = await t.call({ method: 'GET', url: '/api/v1/forecast?from=2030-01&to=2030-03&groupBy=month_owner' });
    expect(forecast.statusCode, forecast.body).toBe(200);
    // 1000.00 × 10 % + 333.33 × 25 % = 100 + 83.3325 → 183.33
    expect(forecast.json().rows).toEqual([{ month: '2030-01', ownerId: t.admin.id, currency: 'CNY', count: 2, amount: '1333.33', weighted: '183.33' }]);
    expect((await t.call({ method: 'GET', url: '/api/v1/forecast?from=2030-13' })).statusCode).toBe(400);

    // By team: the admin sits in two teams and counts in each; exact decimal sums.
    const teamA = (await t.call({ method: 'POST', url: '/api/v1/teams', payload: { name: '华东销售' } })).json();
    const teamB = (await t.call({ method: 'POST', url: '/api/v1/teams', payload: { name: '大客户组' } })).json();
    for (const team of [teamA, teamB]) await t.call({ method: 'POST', url: `/api/v1/teams/${team.id}/members`, payload: { userId: t.admin.id } });
    const byTeam = await t.call({ method: 'GET', url: '/api/v1/forecast?from=2030-01&to=2030-03&groupBy=month_team' });
    expect(byTeam.statusCode, byTeam.body).toBe(200);
    const rows = byTeam.json().rows as Array<{ teamId: string; amount: string; weighted: string; count: number }>;
    expect(rows.map((r) => r.teamId).sort()).toEqual([teamA.id, teamB.id].sort());
    for (const row of rows) expect(row).toMatchObject({ month: '2030-01', ownerId: null, count: 2, amount: '1333.33', weighted: '183.33' });
  });
});
