/** Who is acting, for which tenant, in which request: handed to every service call. */
export type ActorContext = {
  tenantId: string;
  /** undefined for system work (migrations, demo loader running as nobody in particular). */
  userId: string | undefined;
  requestId: string | undefined;
};

export const DEFAULT_TENANT_ID = '00000000-0000-7000-8000-000000000001';
