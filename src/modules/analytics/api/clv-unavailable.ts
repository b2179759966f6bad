/** Why lifetime values are missing: the person page's CLV slot and the dashboard's value tiers both say it. */
import { describeFitFailure, fitFailure } from '../derive/fits.ts';
import type { StoreConnection } from '../store/store.ts';
import type { ClvUnavailable, PersonAnalyticsQuery } from './analytics.schema.ts';

/**
 * Why lifetime values are null although there are purchases: the tenant's last attempt at fitting `model` failed
 * (read from the store, so a restarted server says the same), or no fit has been attempted yet.
 */
export async function lifetimeValueUnavailable(db: StoreConnection, tenantId: string, model: PersonAnalyticsQuery['model']): Promise<ClvUnavailable> {
  const name = model === 'bgnbd' ? 'BG/NBD' : 'Pareto/NBD';
  const failed = await fitFailure(db, tenantId, model);
  if (!failed) return { code: 'not-fitted-yet', model, message: `The ${name} model has not been fitted to this tenant's customers yet.` };
  const { failure } = failed;
  return { ...failure, model, attemptedAt: failed.attemptedAt, orderLines: failed.lines, message: `The ${name} model could not be fitted to this tenant's customers: ${describeFitFailure(failure)}.` };
}
