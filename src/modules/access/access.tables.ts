/** Kysely types of the access module's tables (columns in camelCase; CamelCasePlugin maps them). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type UsersTable = {
  tenantId: string;
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  status: Generated<'active' | 'deactivated'>;
  isAdmin: Generated<boolean>;
  locale: Generated<string>;
  lastLoginAt: Date | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  createdBy: string | null;
  version: Generated<number>;
};

export type SessionsTable = {
  tenantId: string;
  id: string;
  userId: string;
  tokenHash: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Generated<Date>;
  expiresAt: Timestamp;
  revokedAt: Date | null;
};

export type ApiTokensTable = {
  tenantId: string;
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  scopes: Generated<string[]>;
  createdAt: Generated<Date>;
  expiresAt: Timestamp | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export type AccessTables = { users: UsersTable; sessions: SessionsTable; apiTokens: ApiTokensTable };
