/**
 * Who sees and changes what: roles × ownership through the team tree, shares, field masking, deactivation,
 * handover and tenant isolation — all through the HTTP API, as a client would meet them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';
import { DEFAULT_TENANT_ID } from '../../../kernel/context.ts';

let t: TestApp;
const users: Record<string, { id: string; token: string }> = {};
const people: Record<string, string> = {};

async function addUser(key: string, roleKey: string) {
  const sys = { tenantId: DEFAULT_TENANT_ID, userId: undefined, requestId: undefined };
  const user = await t.services.access.createUser(sys, { email: `${key}@example.com`, displayName: key, password: 'long enough password', roleKey });
  const { token } = await t.services.access.createApiTokenForEmail(user.email, 'test');
  users[key] = { id: user.id, token };
}

const as = (key: string) => (users[key] as { token: string }).token;
const get = (key: string, url: string) => t.call({ method: 'GET', url, auth: as(key) });
const names = async (key: string, url: string) => ((await get(key, url)).json().items as Array<{ name: string }>).map((p) => p.name).sort();

beforeAll(async () => {
  t = await createTestApp();
  for (const [key, role] of [['boss', 'manager'], ['lead', 'manager'], ['s1', 'sales'], ['s2', 'sales'], ['s3', 'sales'], ['mkt', 'marketing'], ['fin', 'finance'], ['ro', 'read_only'], ['svc', 'service']] as const) await addUser(key, role);
  // Company → East region (boss) → Shanghai team (lead; s1, s2); Beijing team (s3) sits elsewhere.
  const team = async (name: string, parentId: string | null, managerId: string, members: string[]) => {
    const created = (await t.call({ method: 'POST', url: '/api/v1/teams', payload: { name, parentId, managerId } })).json();
    for (const m of members) await t.call({ method: 'POST', url: `/api/v1/teams/${created.id}/members`, payload: { userId: users[m]?.id } });
    return created.id as string;
  };
  const east = await team('华东区', null, users.boss!.id, []);
  await team('上海组', east, users.lead!.id, ['s1', 's2', 'ro']);
  await team('北京组', null, users.boss!.id, ['s3']);
  for (const owner of ['s1', 's2', 's3']) {
    const response = await t.call({ method: 'POST', url: '/api/v1/people', auth: as(owner), payload: { name: `客户${owner}`, birthday: '1980-05-06', phones: [{ number: '13800138000' }], emails: [{ address: `${owner}.customer@example.com` }], addresses: [{ province: '上海市', city: '上海市', district: '静安区', street: '南京西路', detail: '1号' }] } });
    expect(response.statusCode, response.body).toBe(201);
    people[owner] = response.json().id;
  }
});
afterAll(() => t.close());

describe('row visibility by role and team', () => {
  it('a sales rep sees only their own customers — in lists, search and by id', async () => {
    expect(await names('s1', '/api/v1/people')).toEqual(['客户s1']);
    expect(await names('s1', '/api/v1/people/search?q=kehu')).toEqual(['客户s1']);
    expect((await get('s1', `/api/v1/people/${people.s2}`)).statusCode).toBe(404);
    // The same error as for an id that does not exist: nothing is revealed.
    const missing = await get('s1', '/api/v1/people/01900000-0000-7000-8000-00000000abcd');
    expect(errorOf(await get('s1', `/api/v1/people/${people.s2}`)).code).toBe(errorOf(missing).code);
  });

  it('a team lead sees the team, a regional manager the whole subtree, not a sibling branch', async () => {
    expect(await names('lead', '/api/v1/people')).toEqual(['客户s1', '客户s2']);
    expect(await names('boss', '/api/v1/people')).toEqual(['客户s1', '客户s2', '客户s3']);
  });

  it('read-only sees the team but cannot change it; marketing sees all and changes nothing', async () => {
    expect(await names('ro', '/api/v1/people')).toEqual(['客户s1', '客户s2']);
    expect((await t.call({ method: 'PATCH', url: `/api/v1/people/${people.s1}`, auth: as('ro'), payload: { notes: 'x' } })).statusCode).toBe(403);
    expect(await names('mkt', '/api/v1/people')).toEqual(['客户s1', '客户s2', '客户s3']);
    expect((await t.call({ method: 'POST', url: '/api/v1/people', auth: as('mkt'), payload: { name: '新客户' } })).statusCode).toBe(403);
  });

  it('forbids changing or deleting a colleague’s customer, and giving your own away outside your scope', async () => {
    expect((await t.call({ method: 'PATCH', url: `/api/v1/people/${people.s2}`, auth: as('s1'), payload: { notes: 'x' } })).statusCode).toBe(404);
    expect((await t.call({ method: 'DELETE', url: `/api/v1/people/${people.s2}`, auth: as('s1') })).statusCode).toBe(404);
    expect((await t.call({ method: 'PATCH', url: `/api/v1/people/${people.s1}`, auth: as('s1'), payload: { ownerId: users.s3!.id } })).statusCode).toBe(403);
    expect((await t.call({ method: 'PATCH', url: `/api/v1/people/${people.s1}`, auth: as('lead'), payload: { notes: '经理备注' } })).statusCode).toBe(200);
  });

  it('keeps related records inside the scope: memberships, family, key dates', async () => {
    const org = (await t.call({ method: 'POST', url: '/api/v1/organisations', auth: as('s2'), payload: { name: '恒达贸易' } })).json();
    expect((await t.call({ method: 'POST', url: `/api/v1/people/${people.s2}/organisations`, auth: as('s2'), payload: { organisationId: org.id } })).statusCode).toBe(201);
    expect((await get('s1', `/api/v1/people/${people.s2}/family-members`)).statusCode).toBe(404);
    await t.call({ method: 'POST', url: '/api/v1/key-dates', auth: as('s2'), payload: { personId: people.s2, kind: 'anniversary', date: '2015-01-01' } });
    expect((await get('s1', '/api/v1/key-dates')).json().items).toEqual([]);
    expect((await get('s2', '/api/v1/key-dates')).json().items).toHaveLength(1);
  });
});

describe('field-level permissions', () => {
  it('shows marketing masked phones, e-mails, birthday years and street addresses', async () => {
    const person = (await get('mkt', `/api/v1/people/${people.s1}`)).json();
    expect(person.phones[0].e164).toBe('+86138****8000');
    expect(person.emails[0].address).toBe('s***@example.com');
    expect(person.birthday).toBe('****-05-06');
    expect(person.addresses[0]).toMatchObject({ province: '上海市', street: null, detail: null });
    expect(person.restrictedFields).toMatchObject({ phones: 'masked', birthday: 'masked' });
    expect((await get('boss', `/api/v1/people/${people.s1}`)).json().phones[0].e164).toBe('+8613800138000');
  });

  it('does not let a masked field be found, filtered or sorted by', async () => {
    expect(await names('mkt', '/api/v1/people/search?q=13800138000')).toEqual([]);
    expect(await names('mkt', '/api/v1/people/search?q=s1.customer')).toEqual([]);
    expect(await names('boss', '/api/v1/people/search?q=13800138000')).toEqual(['客户s1', '客户s2', '客户s3']);
    expect((await get('mkt', '/api/v1/people?sort=birthday')).statusCode).toBe(403);
    expect((await get('ro', `/api/v1/people?province=${encodeURIComponent('上海市')}`)).statusCode).toBe(403);
  });

  it('hides fields altogether where the role says hidden', async () => {
    const person = (await get('fin', `/api/v1/people/${people.s1}`)).json();
    expect(person.birthday).toBeNull();
    expect(person.restrictedFields.birthday).toBe('hidden');
  });
});

describe('sharing', () => {
  it('grants read, then edit, to a user outside the owner’s scope, and takes it back', async () => {
    expect((await get('s3', `/api/v1/people/${people.s1}`)).statusCode).toBe(404);
    const share = await t.call({ method: 'POST', url: '/api/v1/shares', auth: as('s1'), payload: { objectType: 'person', objectId: people.s1, granteeType: 'user', granteeId: users.s3!.id, access: 'read' } });
    expect(share.statusCode, share.body).toBe(201);
    expect((await get('s3', `/api/v1/people/${people.s1}`)).statusCode).toBe(200);
    expect(await names('s3', '/api/v1/people')).toEqual(['客户s1', '客户s3']);
    expect((await t.call({ method: 'PATCH', url: `/api/v1/people/${people.s1}`, auth: as('s3'), payload: { notes: 'x' } })).statusCode).toBe(403);
    await t.call({ method: 'POST', url: '/api/v1/shares', auth: as('s1'), payload: { objectType: 'person', objectId: people.s1, granteeType: 'user', granteeId: users.s3!.id, access: 'edit' } });
    expect((await t.call({ method: 'PATCH', url: `/api/v1/people/${people.s1}`, auth: as('s3'), payload: { notes: '协作' } })).statusCode).toBe(200);
    await t.call({ method: 'DELETE', url: `/api/v1/shares/${share.json().id}`, auth: as('s1') });
    expect((await get('s3', `/api/v1/people/${people.s1}`)).statusCode).toBe(404);
  });

  it('refuses to share what you cannot change', async () => {
    const response = await t.call({ method: 'POST', url: '/api/v1/shares', auth: as('s3'), payload: { objectType: 'person', objectId: people.s1, granteeType: 'user', granteeId: users.s3!.id, access: 'edit' } });
    expect(response.statusCode).toBe(404);
  });
});

describe('administration', () => {
  it('keeps roles, teams and users to administrators', async () => {
    expect((await t.call({ method: 'POST', url: '/api/v1/teams', auth: as('boss'), payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await t.call({ method: 'PUT', url: '/api/v1/roles/sales', auth: as('boss'), payload: { permissions: { objects: { default: { read: 'all', write: 'all', delete: 'all' } } } } })).statusCode).toBe(403);
    expect((await t.call({ method: 'PATCH', url: `/api/v1/users/${users.s1!.id}`, auth: as('lead'), payload: { roleKey: 'admin' } })).statusCode).toBe(403);
    expect((await t.call({ method: 'POST', url: '/api/v1/custom-fields', auth: as('boss'), payload: { objectType: 'person', key: 'x', label: { en: 'x' }, type: 'text' } })).statusCode).toBe(403);
  });

  it('refuses a team cycle', async () => {
    const a = (await t.call({ method: 'POST', url: '/api/v1/teams', payload: { name: 'A' } })).json();
    const b = (await t.call({ method: 'POST', url: '/api/v1/teams', payload: { name: 'B', parentId: a.id } })).json();
    const cycle = await t.call({ method: 'PATCH', url: `/api/v1/teams/${a.id}`, payload: { parentId: b.id } });
    expect(cycle.statusCode).toBe(400);
    expect(errorOf(cycle).code).toBe('ACCESS.TEAM_CYCLE');
  });

  it('applies an edited role at once', async () => {
    const edit = await t.call({ method: 'PUT', url: '/api/v1/roles/service', payload: { permissions: { objects: { default: { read: 'own', write: 'own', delete: 'none' } } } } });
    expect(edit.statusCode, edit.body).toBe(200);
    expect(await names('svc', '/api/v1/people')).toEqual([]);
  });
});

describe('leavers', () => {
  it('hands everything over in one operation, notifies both sides and the manager, and locks the leaver out', async () => {
    const org = (await t.call({ method: 'POST', url: '/api/v1/organisations', auth: as('s2'), payload: { name: '离职交接测试公司' } })).json();
    const opportunity = await t.call({ method: 'POST', url: '/api/v1/opportunities', auth: as('s2'), payload: { name: '交接中的商机', organisationId: org.id } });
    expect(opportunity.statusCode, opportunity.body).toBe(201);
    const lead = await t.call({ method: 'POST', url: '/api/v1/leads', auth: as('s2'), payload: { name: '交接线索', company: '某公司' } });
    expect(lead.statusCode, lead.body).toBe(201);
    const task = await t.call({ method: 'POST', url: '/api/v1/tasks', auth: as('s2'), payload: { title: '下周回访', assigneeId: users.s2!.id, personId: people.s2 } });
    expect(task.statusCode, task.body).toBe(201);
    const before = await get('s2', '/api/v1/auth/me');
    expect(before.statusCode).toBe(200);
    const response = await t.call({ method: 'POST', url: '/api/v1/handover', payload: { fromUserId: users.s2!.id, toUserId: users.s1!.id, deactivate: true } });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.transferred.person).toBe(1);
    expect(result.transferred.organisation).toBeGreaterThanOrEqual(1);
    expect(result.notified).toEqual(expect.arrayContaining([users.s1!.id, users.s2!.id, users.lead!.id]));
    expect((await get('s2', '/api/v1/auth/me')).statusCode).toBe(401);
    expect(await names('s1', '/api/v1/people')).toEqual(['客户s1', '客户s2']);
    expect((await get('s1', `/api/v1/organisations/${org.id}`)).statusCode).toBe(200);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM people WHERE owner_id = ${users.s2!.id}`.execute(t.database.db);
    expect(rows[0]?.n).toBe(0);
    expect(result.transferred).toMatchObject({ opportunity: 1, lead: 1, task: 1 });
    expect((await get('s1', `/api/v1/opportunities/${opportunity.json().id}`)).json().ownerId).toBe(users.s1!.id);
    expect((await get('s1', `/api/v1/tasks/${task.json().id}`)).json().assigneeId).toBe(users.s1!.id);
    for (const table of ['people', 'organisations', 'opportunities', 'leads']) {
      const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE owner_id = ${users.s2!.id} AND deleted_at IS NULL`.execute(t.database.db);
      expect(left.rows[0]?.n, `${table} still owned by the leaver`).toBe(0);
    }
    expect((await t.call({ method: 'POST', url: '/api/v1/audit/verify' })).json()).toMatchObject({ ok: true });
    // History stays with its author: the person's creation event still names s2.
    const created = await sql<{ actorId: string }>`SELECT actor_id FROM events WHERE aggregate_id = ${people.s2} AND type = 'directory.person.created'`.execute(t.database.db);
    expect(created.rows[0]?.actorId).toBe(users.s2!.id);
  });

  it('ends every session and token of a deactivated user at once', async () => {
    expect((await get('s3', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await t.call({ method: 'PATCH', url: `/api/v1/users/${users.s3!.id}`, payload: { status: 'deactivated' } })).statusCode).toBe(200);
    expect((await get('s3', '/api/v1/auth/me')).statusCode).toBe(401);
    const login = await t.call({ method: 'POST', url: '/api/v1/auth/login', auth: false, payload: { email: 's3@example.com', password: 'long enough password' } });
    expect(login.statusCode).toBe(401);
  });
});

describe('tasks', () => {
  it("shows a rep their own tasks and those they delegated, not a colleague's; a manager sees the team's", async () => {
    const mine = (await t.call({ method: 'POST', url: '/api/v1/tasks', auth: as('boss'), payload: { title: '给s3的任务', assigneeId: users.s3!.id } })).json();
    const other = (await t.call({ method: 'POST', url: '/api/v1/tasks', auth: as('lead'), payload: { title: '组长自己的任务' } })).json();
    const titles = async (who: string) => ((await get(who, '/api/v1/tasks?limit=100')).json().items as Array<{ title: string }>).map((x) => x.title);
    expect(await titles('s1')).not.toContain('组长自己的任务');
    expect((await get('s1', `/api/v1/tasks/${other.id}`)).statusCode).toBe(404);
    expect(await titles('boss')).toContain('给s3的任务');
    expect((await t.call({ method: 'PATCH', url: `/api/v1/tasks/${mine.id}`, auth: as('ro'), payload: { status: 'done' } })).statusCode).toBe(404);
  });
});
