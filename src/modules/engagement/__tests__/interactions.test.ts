import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorOf, type TestApp } from '../../../../test/harness.ts';

let t: TestApp;
let personId: string;
let organisationId: string;

beforeAll(async () => {
  t = await createTestApp({ dataDir: mkdtempSync(join(tmpdir(), 'guanxi-att-')), attachmentMaxBytes: 4096, eventPollMs: 0 });
  const org = await t.call({ method: 'POST', url: '/api/v1/organisations', payload: { name: '上海华东机电有限公司' } });
  organisationId = org.json().id;
  const person = await t.call({ method: 'POST', url: '/api/v1/people', payload: { name: '王建国' } });
  personId = person.json().id;
});
afterAll(() => t.close());

function multipart(parts: Array<{ name: string; fileName: string; type: string; body: Buffer | string }>) {
  const boundary = '----guanxi' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: ${part.type}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(part.body) ? part.body : Buffer.from(part.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function log(body: Record<string, unknown>) {
  const response = await t.call({ method: 'POST', url: '/api/v1/interactions', payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; version: number; [key: string]: unknown };
}

describe('interactions', () => {
  it('logs an interaction on every channel, with participants and outcome', async () => {
    for (const channel of ['visit', 'phone', 'email', 'letter', 'fax', 'questionnaire', 'wechat', 'meeting', 'other']) {
      const interaction = await log({ channel, direction: 'inbound', subject: `${channel} 沟通`, personIds: [personId], organisationId, outcome: 'positive', notes: '客户对报价满意', occurredAt: '2026-11-01T09:30:00+08:00' });
      expect(interaction).toMatchObject({ channel, direction: 'inbound', personIds: [personId], organisationId, userIds: [t.admin.id], outcome: 'positive', occurredAt: '2026-11-01T01:30:00.000Z' });
      expect(interaction.confirmationStatus).toBe(channel === 'visit' ? 'pending' : 'not_required');
    }
    const list = await t.call({ method: 'GET', url: `/api/v1/interactions?personId=${personId}&channel=visit&channel=phone&limit=1` });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    const next = await t.call({ method: 'GET', url: `/api/v1/interactions?personId=${personId}&channel=visit&channel=phone&limit=1&cursor=${list.json().nextCursor}` });
    expect(next.json().items).toHaveLength(1);
    expect(next.json().nextCursor).toBeNull();
  });

  it('refuses unknown people, no customer at all, unknown fields and bad channels with 400', async () => {
    const missing = await t.call({ method: 'POST', url: '/api/v1/interactions', payload: { channel: 'phone', subject: 'x', personIds: ['01900000-0000-7000-8000-000000000000'] } });
    expect(missing.statusCode).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: 'ENGAGEMENT.BAD_REFERENCE', message: expect.stringMatching(/^personIds\.0/) });
    expect((await t.call({ method: 'POST', url: '/api/v1/interactions', payload: { channel: 'phone', subject: 'x' } })).statusCode).toBe(400);
    expect((await t.call({ method: 'POST', url: '/api/v1/interactions', payload: { channel: 'pigeon', subject: 'x', personIds: [personId] } })).statusCode).toBe(400);
    expect((await t.call({ method: 'POST', url: '/api/v1/interactions', payload: { channel: 'phone', subject: 'x', personIds: [personId], extra: 1 } })).statusCode).toBe(400);
    expect((await t.call({ method: 'GET', url: '/api/v1/interactions?limit=101' })).statusCode).toBe(400);
  });

  it('turns a follow-up date into an open task for the first participant', async () => {
    const interaction = await log({ channel: 'phone', subject: '询问安装进度', personIds: [personId], followUpOn: '2026-12-01' });
    expect(interaction.followUpTaskId).toBeTruthy();
    const task = await t.call({ method: 'GET', url: `/api/v1/tasks/${interaction.followUpTaskId as string}` });
    expect(task.json()).toMatchObject({ title: 'Follow up: 询问安装进度', dueOn: '2026-12-01', assigneeId: t.admin.id, status: 'open', sourceType: 'interaction', sourceId: interaction.id, personId });
    const done = await t.call({ method: 'PATCH', url: `/api/v1/tasks/${interaction.followUpTaskId as string}`, headers: { 'if-match': '"1"' }, payload: { status: 'done' } });
    expect(done.json()).toMatchObject({ status: 'done', version: 2 });
    const later = await log({ channel: 'email', subject: '资料发送', organisationId });
    const patched = await t.call({ method: 'PATCH', url: `/api/v1/interactions/${later.id}`, payload: { followUpOn: '2026-12-15' } });
    expect(patched.statusCode, patched.body).toBe(200);
    const taskId = patched.json().followUpTaskId as string;
    expect((await t.call({ method: 'GET', url: `/api/v1/tasks/${taskId}` })).json()).toMatchObject({ dueOn: '2026-12-15', organisationId, status: 'open' });
    await t.call({ method: 'PATCH', url: `/api/v1/interactions/${later.id}`, payload: { followUpOn: '2026-12-20' } });
    expect((await t.call({ method: 'GET', url: `/api/v1/tasks/${taskId}` })).json()).toMatchObject({ dueOn: '2026-12-20', version: 2 });
  });

  it('answers 412 to a stale If-Match and keeps the first edit', async () => {
    const interaction = await log({ channel: 'email', subject: '报价单', organisationId });
    const first = await t.call({ method: 'PATCH', url: `/api/v1/interactions/${interaction.id}`, headers: { 'if-match': '"1"' }, payload: { outcome: 'negative' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const second = await t.call({ method: 'PATCH', url: `/api/v1/interactions/${interaction.id}`, headers: { 'if-match': '"1"' }, payload: { outcome: 'positive' } });
    expect(second.statusCode).toBe(412);
    expect(errorOf(second)).toMatchObject({ code: 'ENGAGEMENT.STALE_VERSION', details: { expectedVersion: 1, currentVersion: 2 } });
    expect((await t.call({ method: 'GET', url: `/api/v1/interactions/${interaction.id}` })).json().outcome).toBe('negative');
    expect((await t.call({ method: 'DELETE', url: `/api/v1/interactions/${interaction.id}`, headers: { 'if-match': '"2"' } })).statusCode).toBe(204);
    expect((await t.call({ method: 'GET', url: `/api/v1/interactions/${interaction.id}` })).statusCode).toBe(404);
    expect((await t.call({ method: 'POST', url: `/api/v1/interactions/${interaction.id}/restore` })).json().version).toBe(4);
  });

  it('stores attachments on disk, refuses too large (413) and wrong types (415), and confirms a visit with a document', async () => {
    const visit = await log({ channel: 'visit', subject: '现场回访', personIds: [personId], organisationId });
    const confirmWithout = await t.call({ method: 'POST', url: `/api/v1/interactions/${visit.id}/confirmation`, payload: { status: 'confirmed' } });
    expect(confirmWithout.statusCode).toBe(400);
    const pdf = multipart([{ name: 'file', fileName: '回访确认单.pdf', type: 'application/pdf', body: '%PDF-1.4 signed by customer' }]);
    const upload = await t.call({ method: 'POST', url: `/api/v1/interactions/${visit.id}/attachments`, ...pdf });
    expect(upload.statusCode, upload.body).toBe(201);
    const attachment = upload.json();
    expect(attachment).toMatchObject({ fileName: '回访确认单.pdf', contentType: 'application/pdf', sizeBytes: 27 });
    expect(upload.headers.location).toBe(`/api/v1/attachments/${attachment.id}`);
    const content = await t.call({ method: 'GET', url: `/api/v1/attachments/${attachment.id}/content` });
    expect(content.statusCode).toBe(200);
    expect(content.body).toBe('%PDF-1.4 signed by customer');
    expect(content.headers['content-type']).toBe('application/pdf');

    const big = multipart([{ name: 'file', fileName: 'big.pdf', type: 'application/pdf', body: Buffer.alloc(5000, 65) }]);
    const tooLarge = await t.call({ method: 'POST', url: `/api/v1/interactions/${visit.id}/attachments`, ...big });
    expect(tooLarge.statusCode).toBe(413);
    errorOf(tooLarge);
    const exe = multipart([{ name: 'file', fileName: 'x.exe', type: 'application/x-msdownload', body: 'MZ' }]);
    const wrongType = await t.call({ method: 'POST', url: `/api/v1/interactions/${visit.id}/attachments`, ...exe });
    expect(wrongType.statusCode).toBe(415);
    expect(errorOf(wrongType).code).toBe('ENGAGEMENT.UNSUPPORTED_FILE_TYPE');
    const json = await t.call({ method: 'POST', url: `/api/v1/interactions/${visit.id}/attachments`, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    expect((await t.call({ method: 'GET', url: `/api/v1/interactions/${visit.id}/attachments` })).json().items).toHaveLength(1);

    const confirmed = await t.call({ method: 'POST', url: `/api/v1/interactions/${visit.id}/confirmation`, payload: { status: 'confirmed', attachmentId: attachment.id } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ confirmationStatus: 'confirmed', confirmationAttachmentId: attachment.id });
    expect(confirmed.json().confirmedAt).toBeTruthy();
  });
});

describe('visibility', () => {
  it('shows a sales rep the interactions they logged; someone else’s answers like a missing one', async () => {
    const rep = await t.services.access.createUser({ tenantId: t.ctx.tenantId, userId: undefined, requestId: undefined }, { email: 'rep@example.com', displayName: '小王', password: 'long enough password', roleKey: 'sales' });
    const token = (await t.services.access.createApiTokenForEmail(rep.email, 'test')).token;
    const repPerson = await t.call({ method: 'POST', url: '/api/v1/people', auth: token, payload: { name: '小王的客户' } });
    const mine = await t.call({ method: 'POST', url: '/api/v1/interactions', auth: token, payload: { channel: 'wechat', subject: '微信沟通', personIds: [repPerson.json().id] } });
    expect(mine.statusCode, mine.body).toBe(201);
    const theirs = await log({ channel: 'phone', subject: '管理员的电话', organisationId });
    const hidden = await t.call({ method: 'GET', url: `/api/v1/interactions/${theirs.id}`, auth: token });
    const missing = await t.call({ method: 'GET', url: '/api/v1/interactions/01900000-0000-7000-8000-000000000000', auth: token });
    expect([hidden.statusCode, errorOf(hidden).code]).toEqual([404, errorOf(missing).code]);
    const list = (await t.call({ method: 'GET', url: '/api/v1/interactions?limit=100', auth: token })).json().items as Array<{ subject: string }>;
    expect(list.map((i) => i.subject)).toEqual(['微信沟通']);
  });
});

describe('timeline', () => {
  it('merges everything about a customer, newest first, filtered by kind and date, in cursor pages', async () => {
    await t.services.engagement.timeline.catchUp();
    const all = await t.call({ method: 'GET', url: `/api/v1/people/${personId}/timeline?limit=100` });
    expect(all.statusCode, all.body).toBe(200);
    const kinds = new Set(all.json().items.map((e: { kind: string }) => e.kind));
    expect([...kinds].sort()).toEqual(['attachment', 'interaction', 'person', 'task']);
    expect(all.json().items.some((e: { summary: string }) => e.summary.includes('confirmed in writing'))).toBe(true);
    const times = all.json().items.map((e: { occurredAt: string }) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);

    const visits = await t.call({ method: 'GET', url: `/api/v1/people/${personId}/timeline?kind=interaction&from=2026-11-01&to=2026-11-01` });
    expect(visits.json().items).toHaveLength(9); // the nine channels logged on 1 November
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ eventId: string }>; nextCursor: string | null } = (await t.call({ method: 'GET', url: `/api/v1/people/${personId}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ''}` })).json();
      for (const item of page.items) seen.add(item.eventId);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(all.json().items.length);

    const orgTimeline = await t.call({ method: 'GET', url: `/api/v1/organisations/${organisationId}/timeline?kind=organisation` });
    expect(orgTimeline.json().items[0].eventType).toBe('directory.organisation.created');
    expect((await t.call({ method: 'GET', url: `/api/v1/organisations/${personId}/timeline` })).statusCode).toBe(404);
    expect((await t.call({ method: 'GET', url: `/api/v1/people/${personId}/timeline?cursor=garbage` })).statusCode).toBe(400);
  });
});
