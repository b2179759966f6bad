/** A small bilingual directory for the browser tests and screenshots, written through the public API. */
import type { TestApp } from '../harness.ts';

type Json = Record<string, unknown>;

export async function post(app: TestApp, url: string, payload: Json): Promise<Json> {
  const response = await app.call({ method: 'POST', url, payload });
  if (response.statusCode !== 201) throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
  return response.json() as Json;
}

export async function seedDirectory(app: TestApp): Promise<{ personId: string; organisationId: string }> {
  await post(app, '/api/v1/custom-fields', {
    objectType: 'person', key: 'vip_level', type: 'select', label: { 'zh-CN': '会员等级', 'zh-TW': '會員等級', en: 'VIP level' },
    options: [{ value: 'gold', label: { 'zh-CN': '金卡', 'zh-TW': '金卡', en: 'Gold' } }, { value: 'silver', label: { 'zh-CN': '银卡', 'zh-TW': '銀卡', en: 'Silver' } }],
  });
  await post(app, '/api/v1/custom-fields', { objectType: 'person', key: 'annual_budget', type: 'money', label: { 'zh-CN': '年度预算', 'zh-TW': '年度預算', en: 'Annual budget' } });
  const org = await post(app, '/api/v1/organisations', {
    name: '上海华安机电设备有限公司', legalName: '上海华安机电设备有限公司', industryCode: 'C34', relationshipTypes: ['customer'], tags: ['重点客户'],
    phones: [{ number: '021 6552 9988', label: 'work' }], website: 'https://huaan.example.cn',
    address: { province: '上海市', city: '上海市', district: '浦东新区', detail: '张江路 88 号' },
  });
  await post(app, '/api/v1/organisations', { name: '台北永豐貿易股份有限公司', relationshipTypes: ['distributor'], address: { city: '台北市' } });
  await post(app, '/api/v1/organisations', { name: 'Pacific Rim Foods Ltd', relationshipTypes: ['prospect'], address: { city: 'Hong Kong' } });
  const person = await post(app, '/api/v1/people', {
    name: '张伟', gender: 'male', birthday: '1985-03-12', relationshipTypes: ['customer'], tags: ['VIP', '华东'], source: '展会',
    phones: [{ number: '138 0013 8000', label: 'mobile' }], emails: [{ address: 'zhang.wei@huaan.example.cn', label: 'work' }], wechatId: 'zhangwei_sh',
    addresses: [{ province: '上海市', city: '上海市', district: '浦东新区', detail: '张江路 88 号' }],
    custom: { vip_level: 'gold', annual_budget: { amount: '1250000.00', currency: 'CNY' } },
  });
  const personId = String(person.id);
  const organisationId = String(org.id);
  await post(app, `/api/v1/people/${personId}/organisations`, { organisationId, title: '采购经理', role: 'decision_maker', isPrimary: true });
  await post(app, `/api/v1/people/${personId}/family-members`, { name: '李娜', relation: 'spouse', birthday: '1987-08-20' });
  await post(app, '/api/v1/key-dates', { personId, kind: 'anniversary', label: '首次合作纪念日', date: '2019-06-18', recurring: true });
  const others = ['王芳', '李娜', '劉德華', '陳美玲', 'David Chan', 'Emily Wong', '赵磊', '孙丽', '周杰', '吴敏'];
  for (const [index, name] of others.entries()) {
    await post(app, '/api/v1/people', {
      name, relationshipTypes: [index % 3 === 0 ? 'prospect' : 'customer'], tags: index % 2 ? ['华南'] : [],
      phones: [{ number: `139 ${String(1000 + index).padStart(4, '0')} ${String(5000 + index * 7).padStart(4, '0')}` }],
      addresses: [{ city: ['上海市', '北京市', '台北市', '香港', '深圳市'][index % 5] ?? '' }],
    });
  }
  return { personId, organisationId };
}
