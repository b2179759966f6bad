/**
 * Which touchpoint field a file's column header names, in English or Chinese (简/繁). Pure, no I/O: the import
 * reads files with it and the web app previews a file's mapping with the very same table before uploading.
 */
import { invalid } from '../../../kernel/errors.ts';
import type { TouchpointField } from '../touchpoint.types.ts';

export const HEADER_ALIASES: Record<TouchpointField, string[]> = {
  name: ['name', 'full_name', 'full name', 'customer', 'customer_name', 'contact', '姓名', '名字', '客户姓名', '客戶姓名', '联系人', '聯絡人', '客户', '客戶'],
  mobile: ['mobile', 'mobile_phone', 'cell', 'cellphone', '手机', '手机号', '手机号码', '手機', '手機號碼', '移动电话', '行動電話'],
  phone: ['phone', 'telephone', 'tel', 'landline', 'phone_number', '电话', '電話', '座机', '座機', '固定电话', '联系电话', '聯絡電話'],
  email: ['email', 'e-mail', 'mail', 'email_address', '邮箱', '郵箱', '电子邮件', '電子郵件', '电子邮箱', '邮件'],
  address: ['address', 'addr', 'street_address', '地址', '联系地址', '聯絡地址', '住址', '通讯地址', '通訊地址', '家庭地址'],
  company: ['company', 'organisation', 'organization', 'employer', '公司', '单位', '單位', '工作单位', '公司名称', '公司名稱'],
  birthDate: ['birth_date', 'birthday', 'birthdate', 'date_of_birth', 'dob', '生日', '出生日期', '出生年月日'],
  gender: ['gender', 'sex', '性别', '性別'],
  wechat: ['wechat', 'wechat_id', 'weixin', '微信', '微信号', '微信號'],
};

const FIELDS = Object.keys(HEADER_ALIASES) as TouchpointField[];
const CANONICAL = new Map<string, TouchpointField>(FIELDS.flatMap((field) => [field.toLowerCase(), ...HEADER_ALIASES[field]].map((alias) => [alias.toLowerCase(), field] as const)));

export const cleanHeader = (header: string) => header.replace(/^\uFEFF/, '').normalize('NFKC').trim().toLowerCase();

/** The field a header names by itself (without a user's mapping), or undefined. */
export const fieldOfHeader = (header: string): TouchpointField | undefined => CANONICAL.get(cleanHeader(header));

/** `col=field,…` → header → field; refuses unknown fields. */
export function parseMapping(text: string | undefined): Map<string, TouchpointField> {
  const mapping = new Map<string, TouchpointField>();
  if (!text) return mapping;
  for (const pair of text.split(',')) {
    const [column, field] = pair.split('=').map((s) => s.trim());
    if (!column || !field) throw invalid('IDENTITY.BAD_MAPPING', `mapping: "${pair}" is not column=field`, { field: 'mapping' });
    const known = FIELDS.find((f) => f.toLowerCase() === field.toLowerCase());
    if (!known) throw invalid('IDENTITY.BAD_MAPPING', `mapping: "${field}" is not one of ${FIELDS.join(', ')}`, { field: 'mapping' });
    mapping.set(cleanHeader(column), known);
  }
  return mapping;
}

export type HeaderMap = { headers: string[]; fields: Array<TouchpointField | undefined> };

/** Each column's field: the user's mapping first, then the dictionary; a field already taken leaves later columns unmapped. */
export function assignFields(cells: string[], mapping: Map<string, TouchpointField>): HeaderMap {
  const headers = cells.map((cell, i) => cell.replace(/^\uFEFF/, '').trim() || `column_${i + 1}`);
  const taken = new Set<TouchpointField>();
  const fields = headers.map((header) => {
    const field = mapping.get(cleanHeader(header)) ?? fieldOfHeader(header);
    if (!field || taken.has(field)) return undefined;
    taken.add(field);
    return field;
  });
  return { headers, fields };
}

/** As assignFields, refusing a header row without a name column. */
export function mapHeaders(cells: string[], mapping: Map<string, TouchpointField>): HeaderMap {
  const map = assignFields(cells, mapping);
  if (!map.fields.includes('name')) throw invalid('IDENTITY.NO_NAME_COLUMN', `line 1: no column is the name (headers: ${map.headers.slice(0, 20).join(', ')}); name one 姓名/name or pass a mapping such as 客户=name`, { line: 1 });
  return map;
}
