/** Who is acting, for which tenant, in which request: handed to every service call. */
import type { AccessScope } from './access-scope.ts';

export type ActorContext = {
  tenantId: string;
  /** undefined for system work (migrations, demo loader running as nobody in particular). */
  userId: string | undefined;
  requestId: string | undefined;
  /** What the user may see and change; undefined for system work (CLI, migrations, jobs), which sees all. */
  scope?: AccessScope | undefined;
  /** Where the request came from, for the audit trail. */
  ip?: string | undefined;
};

export const DEFAULT_TENANT_ID = '00000000-0000-7000-8000-000000000001';
