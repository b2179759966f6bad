/** Kysely types of the access module's tables (columns in camelCase; CamelCasePlugin maps them). */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { RolePermissions } from './default-roles.ts';

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
  roleKey: Generated<string>;
  failedLogins: Generated<number>;
  lockedUntil: Date | null;
  totpSecret: string | null;
  totpEnabled: Generated<boolean>;
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

export type RolesTable = {
  tenantId: string;
  key: string;
  name: JSONColumnType<Record<string, string>, string, string>;
  permissions: JSONColumnType<RolePermissions, string, string>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
};

export type TeamsTable = {
  tenantId: string;
  id: string;
  name: string;
  kind: Generated<'company' | 'subsidiary' | 'branch' | 'department' | 'team'>;
  parentId: string | null;
  managerId: string | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
};

export type TeamMembersTable = { tenantId: string; teamId: string; userId: string; createdAt: Generated<Date> };

export type RecordSharesTable = {
  tenantId: string;
  id: string;
  objectType: string;
  objectId: string;
  granteeType: 'user' | 'team';
  granteeId: string;
  access: 'read' | 'edit';
  createdAt: Generated<Date>;
  createdBy: string | null;
};

export type AccessTables = {
  users: UsersTable;
  sessions: SessionsTable;
  apiTokens: ApiTokensTable;
  roles: RolesTable;
  teams: TeamsTable;
  teamMembers: TeamMembersTable;
  recordShares: RecordSharesTable;
};
