/**
 * Which customers the caller may count: the owner sets of their role for people and organisations (from the
 * ActorContext scope), plus the records shared with them (asked of the directory). Turned into a predicate over
 * the store's `customers` table (alias `c`), used by every figure and list — hidden customers never count.
 */
import { objectAccess } from '../../../kernel/access-scope.ts';
import type { ActorContext } from '../../../kernel/context.ts';
import type { CustomerKind } from '../../directory/index.ts';
import { uuidList } from '../store/store.ts';

export type SharedLookup = (ctx: ActorContext, kind: CustomerKind) => Promise<string[]>;

export async function visiblePredicate(ctx: ActorContext, shared: SharedLookup): Promise<string> {
  const scope = ctx.scope;
  if (!scope) return 'true';
  const parts: string[] = [];
  for (const kind of ['person', 'organisation'] as const) {
    const set = objectAccess(scope, kind).read;
    if (set.kind === 'all') {
      parts.push(`c.kind = '${kind}'`);
      continue;
    }
    const owners = set.kind === 'some' ? set.owners : [];
    const sharedIds = await shared(ctx, kind);
    if (owners.length === 0 && sharedIds.length === 0) continue;
    parts.push(`(c.kind = '${kind}' AND (c.owner_id IN (${uuidList(owners)}) OR c.customer_id IN (${uuidList(sharedIds)})))`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}
