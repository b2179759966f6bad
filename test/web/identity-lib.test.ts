/**
 * The identity pages' pure helpers: the import preview maps columns exactly as the server will (CSV in UTF-8 or
 * GBK, Excel read in the browser), explanations add up, rejection reasons read in Chinese, the merge preview's
 * golden record follows the server's survivorship rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { mapHeaders, parseMapping } from '../../src/modules/identity/import/header-aliases.ts';
import { explain, percent, signedWeight } from '../../web/src/features/identity/lib/explanation.ts';
import { mergedGolden, type SourceTouchpoint } from '../../web/src/features/identity/lib/golden-preview.ts';
import { decodeHead, mappingParameter, parseCsv, previewFile, previewMapping } from '../../web/src/features/identity/lib/header-preview.ts';
import { reasonText } from '../../web/src/features/identity/lib/reasons.ts';

const gbk = (text: string) => {
  // The few characters these tests need, as GBK bytes (Node has no GBK encoder; its decoder is checked below).
  const table: Record<string, number[]> = { 姓: [0xd0, 0xd5], 名: [0xc3, 0xfb], 手: [0xca, 0xd6], 机: [0xbb, 0xfa], 张: [0xd5, 0xc5], 伟: [0xce, 0xb0] };
  return Uint8Array.from([...text].flatMap((c) => table[c] ?? [c.charCodeAt(0)]));
};

describe('identity import preview', () => {
  it('maps columns exactly as the server does, a hand choice first and a field only once', () => {
    const headers = ['客户名称', '手机号码', 'Email', '电话', '手机', '备注'];
    const choices = { 客户名称: 'name' } as const;
    const shown = previewMapping(headers, choices);
    expect(shown).toEqual(['name', 'mobile', 'email', 'phone', undefined, undefined]);
    expect(shown).toEqual(mapHeaders(headers, parseMapping(mappingParameter(choices))).fields);
    expect(previewMapping(['Name', 'MOBILE', '出生日期', '微信號'], {})).toEqual(['name', 'mobile', 'birthDate', 'wechat']);
    expect(mappingParameter({})).toBeUndefined();
  });

  it('reads CSV records: quotes, doubled quotes, CRLF, line breaks inside quotes, blank lines', () => {
    const text = '姓名,地址,备注\r\n张伟,"上海市浦东新区, 张江路88号","他说""下周来"""\r\n\r\n李娜,"北京市\n朝阳区",\n王芳,广州,x\n';
    expect(parseCsv(text, 10)).toEqual([['姓名', '地址', '备注'], ['张伟', '上海市浦东新区, 张江路88号', '他说"下周来"'], ['李娜', '北京市\n朝阳区', ''], ['王芳', '广州', 'x']]);
    expect(parseCsv(text, 2)).toHaveLength(2);
    expect(parseCsv('name,mobile', 5)).toEqual([['name', 'mobile']]);
  });

  it('decodes GBK as Chinese Excel writes it, and UTF-8 as it is', async () => {
    expect(decodeHead(gbk('姓名,手机\n张伟,1'))).toBe('姓名,手机\n张伟,1');
    expect(decodeHead(new TextEncoder().encode('姓名,手机'))).toBe('姓名,手机');
    const preview = await previewFile(new File([gbk('姓名,手机\n张伟,13800138000\n')], 'gbk.csv'));
    expect(preview).toEqual({ kind: 'table', format: 'csv', headers: ['姓名', '手机'], rows: [['张伟', '13800138000']] });
  });

  it('previews the first sheet of an Excel workbook, shared and inline strings, gaps and numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('说明').addRow(['not this sheet']);
    const sheet = workbook.addWorksheet('客户');
    sheet.addRow(['姓名', '手机', '', '备注 & <说明>']);
    sheet.addRow(['張偉', 13800138000, '', { richText: [{ text: '老' }, { text: '客户' }] }]);
    // exceljs names sheets in order; the first sheet of the workbook is the one the server reads.
    workbook.removeWorksheet(workbook.getWorksheet('说明')?.id ?? 0);
    const file = new File([Buffer.from(await workbook.xlsx.writeBuffer())], 'people.xlsx');
    expect(await previewFile(file)).toEqual({ kind: 'table', format: 'xlsx', headers: ['姓名', '手机', '', '备注 & <说明>'], rows: [['張偉', '13800138000', '', '老客户']] });
    expect(await previewFile(new File([Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], 'broken.xlsx'))).toEqual({ kind: 'unreadable' });
  });
});

describe('identity explanations and reasons', () => {
  const explanation = {
    priorWeight: -9, totalWeight: 13.4, probability: 0.9996, vetoedBy: null,
    fields: [
      { comparison: 'name', level: 'exact', weight: -0.3, bayesFactor: 0.8, tfAdjustment: -12.3, left: '张伟', right: '张伟' },
      { comparison: 'phone', level: 'mobile', weight: 16.3, bayesFactor: 85254, tfAdjustment: 0, left: '+8613800138000', right: '+8613800138000' },
      { comparison: 'email', level: 'null', weight: 0, bayesFactor: 1, tfAdjustment: 0, left: '', right: 'zw@example.cn' },
      { comparison: 'birth_date', level: 'close', weight: 4.4, bayesFactor: 20.8, tfAdjustment: 0, left: '1985-03-12', right: '1985-03-21' },
      { comparison: 'company', level: 'jw≥0.9', weight: 2, bayesFactor: 4, tfAdjustment: 0, left: 'a', right: 'b' },
    ],
  };

  it('orders contributions by strength, names levels, and keeps what was not compared apart', () => {
    const explained = explain(explanation);
    expect(explained?.contributions.map((c) => c.labelKey)).toEqual(['phone.mobile', 'birth_date.close', 'company.similar', 'name.exact']);
    expect(explained?.notCompared).toEqual(['email']);
    // What the bars show adds up to the total: nothing left out but fields that weigh nothing.
    expect((explained?.prior ?? 0) + (explained?.contributions ?? []).reduce((total, c) => total + c.weight, 0)).toBeCloseTo(explained?.total ?? NaN, 6);
    expect(explain({ fields: 'nope' })).toBeNull();
    expect(explain(null)).toBeNull();
  });

  it('writes weights and probabilities as people read them', () => {
    expect([signedWeight(4.24), signedWeight(-3.14), signedWeight(0.04)]).toEqual(['+4.2', '−3.1', '0.0']);
    expect([percent(0.99246), percent(0.99996), percent(1), percent(0.0001)]).toEqual(['99.2%', '>99.9%', '100.0%', '<0.1%']);
  });

  it('puts the server’s rejection reasons into Chinese, and leaves unknown ones as written', async () => {
    const catalogue = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'web', 'src', 'features', 'identity', 'i18n', 'zh-CN.json'), 'utf8')) as Record<string, unknown>;
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: catalogue } }, interpolation: { escapeValue: false } });
    expect(reasonText(i18n.t, 'zh-CN', 'email: "not-an-email" is not an e-mail address; birthDate: "May" is not a date'))
      .toBe('邮箱“not-an-email”不是有效的邮箱地址；生日“May”不是可识别的日期');
    expect(reasonText(i18n.t, 'zh-CN', 'name: is empty')).toBe('姓名为空');
    expect(reasonText(i18n.t, 'zh-CN', 'unreadable CSV: Invalid Closing Quote')).toBe('unreadable CSV: Invalid Closing Quote');
  });
});

describe('merge preview', () => {
  const touchpoint = (id: string, source: string, receivedAt: string, normalised: Record<string, unknown>): SourceTouchpoint => ({
    id, source, receivedAt,
    normalised: { name: '', phones: [], emails: [], address: null, birthDate: null, gender: null, company: null, wechatId: null, ...normalised },
  });

  it('keeps per field the value the server’s survivorship rules keep, with its source', () => {
    const golden = mergedGolden([
      touchpoint('01a2076c-0000-7000-8000-000000000001', 'portal', '2026-01-01T00:00:00Z', { name: '张伟', birthDate: '1985-03-12', emails: ['old@example.cn'] }),
      touchpoint('01a2076c-0000-7000-8000-000000000002', 'import', '2026-06-01T00:00:00Z', { name: '張偉', birthDate: '1985-03-21', emails: ['new@example.cn'] }),
      touchpoint('01a2076c-0000-7000-8000-000000000003', 'dealer:北京', '2026-03-01T00:00:00Z', { name: '张伟' }),
    ]);
    expect(golden.email).toMatchObject({ value: 'new@example.cn', rule: 'most_recent', source: 'import' });
    expect(golden.birthDate).toMatchObject({ value: '1985-03-12', rule: 'most_trusted', source: 'portal' });
    expect(golden.name).toMatchObject({ value: '张伟', rule: 'most_frequent', seen: 2 });
  });
});
