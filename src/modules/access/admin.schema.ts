/** zod shapes for roles, teams, user administration, shares and handover. */
import { z } from 'zod';
import { text } from '../../kernel/schema.ts';
import { rolePermissionsSchema } from './default-roles.ts';

export const roleKey = z.string().regex(/^[a-z_]{1,40}$/, 'lower-case letters and _');
const i18nName = z.strictObject({ en: text(60).optional(), 'zh-CN': text(60).optional(), 'zh-TW': text(60).optional() });

export const roleSchema = z
  .object({ key: z.string(), name: z.record(z.string(), z.string()), permissions: rolePermissionsSchema, builtIn: z.boolean(), customised: z.boolean() })
  .meta({ id: 'Role' });
export const roleUpsertSchema = z.strictObject({ name: i18nName.optional(), permissions: rolePermissionsSchema }).meta({ id: 'RoleUpsert' });

export const TEAM_KINDS = ['company', 'subsidiary', 'branch', 'department', 'team'] as const;
export const teamSchema = z
  .object({ id: z.uuid(), name: z.string(), kind: z.enum(TEAM_KINDS), parentId: z.uuid().nullable(), managerId: z.uuid().nullable(), memberIds: z.array(z.uuid()), version: z.number().int() })
  .meta({ id: 'Team' });
export const teamCreateSchema = z
  .strictObject({ name: text(120, 1), kind: z.enum(TEAM_KINDS).default('team'), parentId: z.uuid().nullable().optional(), managerId: z.uuid().nullable().optional() })
  .meta({ id: 'TeamCreate' });
export const teamPatchSchema = z
  .strictObject({ name: text(120, 1).optional(), parentId: z.uuid().nullable().optional(), managerId: z.uuid().nullable().optional() })
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change')
  .meta({ id: 'TeamPatch' });
export const teamMemberSchema = z.strictObject({ userId: z.uuid() });

export const userPatchSchema = z
  .strictObject({
    displayName: text(200, 1).optional(),
    roleKey: roleKey.optional(),
    status: z.enum(['active', 'deactivated']).optional().describe('Deactivating ends every session and token at once'),
    locale: z.enum(['zh-CN', 'zh-TW', 'en']).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'send at least one field to change')
  .meta({ id: 'UserPatch' });

export const SHAREABLE = ['person', 'organisation'] as const;
export const shareCreateSchema = z
  .strictObject({ objectType: z.string().regex(/^[a-z_]{1,40}$/), objectId: z.uuid(), granteeType: z.enum(['user', 'team']), granteeId: z.uuid(), access: z.enum(['read', 'edit']) })
  .meta({ id: 'ShareCreate' });
export const shareSchema = z
  .object({ id: z.uuid(), objectType: z.string(), objectId: z.uuid(), granteeType: z.enum(['user', 'team']), granteeId: z.uuid(), access: z.enum(['read', 'edit']), createdAt: z.string() })
  .meta({ id: 'Share' });

export const handoverSchema = z
  .strictObject({
    fromUserId: z.uuid(),
    toUserId: z.uuid(),
    only: z.record(z.string().regex(/^[a-z_]{1,40}$/), z.array(z.uuid()).max(10_000)).optional().describe('Per object type, the ids to hand over; everything when absent'),
    deactivate: z.boolean().default(false).describe('Deactivate the leaver in the same operation'),
  })
  .refine((v) => v.fromUserId !== v.toUserId, { path: ['toUserId'], message: 'must differ from fromUserId' })
  .meta({ id: 'Handover' });
export const handoverResultSchema = z
  .object({ transferred: z.record(z.string(), z.number().int()), notified: z.array(z.uuid()), deactivated: z.boolean() })
  .meta({ id: 'HandoverResult' });
