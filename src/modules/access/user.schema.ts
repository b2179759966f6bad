/** zod shapes of users, sign-in and API tokens: validation, types and the OpenAPI document in one. */
import { z } from 'zod';

const email = z.string().trim().max(254).email().transform((value) => value.toLowerCase());

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    status: z.enum(['active', 'deactivated']),
    isAdmin: z.boolean(),
    role: z.string(),
    totpEnabled: z.boolean(),
    locale: z.string(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const userCreateSchema = z
  .strictObject({
    email,
    displayName: z.string().trim().min(1).max(200),
    password: z.string().min(10, 'at least 10 characters').max(200),
    isAdmin: z.boolean().default(false),
    roleKey: z.string().regex(/^[a-z_]{1,40}$/).optional().describe('admin, manager, sales, service, marketing, finance, read_only, or a role of your own'),
    locale: z.enum(['zh-CN', 'zh-TW', 'en']).default('zh-CN'),
  })
  .meta({ id: 'UserCreate' });
export type UserCreate = z.input<typeof userCreateSchema>;

export const setupSchema = userCreateSchema
  .pick({ email: true, displayName: true, password: true, locale: true })
  .extend({ token: z.string().min(1).max(200).describe('The one-time token from the link the server printed at start') })
  .meta({ id: 'Setup' });
export const setupStatusSchema = z.object({ needed: z.boolean().describe('True while no account exists: the first administrator may be created with the printed link') }).meta({ id: 'SetupStatus' });

export const loginSchema = z
  .strictObject({ email, password: z.string().min(1).max(200), totp: z.string().regex(/^\d{6}$/, '6 digits').optional().describe('Second-factor code, when the account has one') })
  .meta({ id: 'Login' });

export const totpCodeSchema = z.strictObject({ code: z.string().regex(/^\d{6}$/, '6 digits') }).meta({ id: 'TotpCode' });
export const totpSetupSchema = z.object({ secret: z.string(), uri: z.string().describe('otpauth:// URI for a QR code') }).meta({ id: 'TotpSetup' });

export const apiTokenCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(['read', 'write'])).max(2).default(['read', 'write']),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .meta({ id: 'ApiTokenCreate' });

export const apiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const apiTokenCreatedSchema = apiTokenSchema
  .extend({ token: z.string().describe('Shown once; only its hash is stored') })
  .meta({ id: 'ApiTokenCreated' });
