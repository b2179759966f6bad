/**
 * The built-in roles. A tenant can override any of them (PATCH /roles/{key}) or add its own; these are the
 * starting point. Visibility levels: own < team < subtree (team and subordinate teams) < all.
 */
import { z } from 'zod';

const level = z.enum(['none', 'own', 'team', 'subtree', 'all']);
const fieldRule = z.enum(['visible', 'masked', 'hidden']);

export const SENSITIVE_FIELDS = { person: ['phones', 'emails', 'birthday', 'addresses', 'wechatId'], organisation: ['phones', 'emails', 'address'] } as const;

export const rolePermissionsSchema = z
  .strictObject({
    objects: z.record(z.string().regex(/^[a-z_]{1,40}$/), z.strictObject({ read: level, write: level, delete: level })).describe('Per object type; "default" covers types not listed'),
    fields: z.record(z.string().regex(/^[a-z_]{1,40}$/), z.record(z.string().regex(/^[a-zA-Z]{1,40}$/), fieldRule)).default({}),
    admin: z.boolean().default(false),
    export: z.boolean().default(false),
  })
  .meta({ id: 'RolePermissions' });
export type RolePermissions = z.infer<typeof rolePermissionsSchema>;

const all = { read: 'all', write: 'all', delete: 'all' } as const;
const readOwn = { read: 'own', write: 'none', delete: 'none' } as const;
const financeWrites = { read: 'all', write: 'all', delete: 'none' } as const;
const masked = { phones: 'masked', emails: 'masked', birthday: 'masked', addresses: 'masked', wechatId: 'masked' } as const;

export const BUILT_IN_ROLES: Record<string, { name: Record<string, string>; permissions: RolePermissions }> = {
  admin: { name: { 'zh-CN': '管理员', 'zh-TW': '管理員', en: 'Administrator' }, permissions: { objects: { default: all }, fields: {}, admin: true, export: true } },
  manager: {
    name: { 'zh-CN': '经理', 'zh-TW': '經理', en: 'Manager' },
    permissions: { objects: { default: { read: 'subtree', write: 'subtree', delete: 'subtree' } }, fields: {}, admin: false, export: true },
  },
  sales: {
    name: { 'zh-CN': '销售', 'zh-TW': '業務', en: 'Sales' },
    // Own quotes, orders and contracts (of their customers); invoices and payables are finance's to write.
    permissions: { objects: { default: { read: 'own', write: 'own', delete: 'own' }, organisation: { read: 'team', write: 'own', delete: 'own' }, receivable: readOwn, payable: readOwn }, fields: {}, admin: false, export: false },
  },
  service: {
    name: { 'zh-CN': '客服', 'zh-TW': '客服', en: 'Service' },
    permissions: { objects: { default: { read: 'all', write: 'team', delete: 'none' } }, fields: { person: { birthday: 'masked' } }, admin: false, export: false },
  },
  marketing: {
    name: { 'zh-CN': '市场', 'zh-TW': '行銷', en: 'Marketing' },
    permissions: { objects: { default: { read: 'all', write: 'none', delete: 'none' } }, fields: { person: { ...masked }, organisation: { phones: 'masked' } }, admin: false, export: true },
  },
  finance: {
    name: { 'zh-CN': '财务', 'zh-TW': '財務', en: 'Finance' },
    // Reads all commerce; records invoices, payments and payables on any customer's documents.
    permissions: { objects: { default: { read: 'all', write: 'none', delete: 'none' }, receivable: financeWrites, payable: financeWrites }, fields: { person: { phones: 'masked', birthday: 'hidden', wechatId: 'hidden' } }, admin: false, export: true },
  },
  read_only: {
    name: { 'zh-CN': '只读', 'zh-TW': '唯讀', en: 'Read-only' },
    permissions: { objects: { default: { read: 'team', write: 'none', delete: 'none' } }, fields: { person: { ...masked, addresses: 'hidden' }, organisation: { phones: 'masked' } }, admin: false, export: false },
  },
};
