/**
 * Turning association rules into action: what to offer a customer next, and which customers should hear about a
 * product. Each suggestion carries the rule that explains it.
 */
import type { AssociationRule } from './association-rules.model.ts';

export type Suggestion = { item: string; confidence: number; lift: number; support: number; because: string[] };
export type AudienceMember = { customerId: string; confidence: number; lift: number; because: string[] };

function holds(owned: ReadonlySet<string>, items: readonly string[]): boolean {
  for (const item of items) if (!owned.has(item)) return false;
  return true;
}

/** Better rule first: higher confidence, then lift, then the more specific (longer) antecedent. */
function better(a: { confidence: number; lift: number; because: string[] }, b: { confidence: number; lift: number; because: string[] }): boolean {
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  if (a.lift !== b.lift) return a.lift > b.lift;
  return a.because.length > b.because.length;
}

/** Items the customer does not have whose rule antecedent they already hold; the best rule per item. */
export function crossSellSuggestions(rules: readonly AssociationRule[], owned: ReadonlySet<string>, limit = 5, minLift = 1): Suggestion[] {
  const best = new Map<string, Suggestion>();
  for (const rule of rules) {
    if (rule.lift < minLift || owned.has(rule.consequent) || !holds(owned, rule.antecedent)) continue;
    const candidate = { item: rule.consequent, confidence: rule.confidence, lift: rule.lift, support: rule.support, because: [...rule.antecedent] };
    const current = best.get(rule.consequent);
    if (!current || better(candidate, current)) best.set(rule.consequent, candidate);
  }
  return [...best.values()].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : a.item < b.item ? -1 : 1)).slice(0, limit);
}

/** Customers without the product who hold the antecedent of a rule that predicts it, best evidence first. */
export function audienceForProduct(
  rules: readonly AssociationRule[],
  customers: Iterable<readonly [string, ReadonlySet<string>]>,
  product: string,
  limit = 100,
  minLift = 1,
): AudienceMember[] {
  const relevant = rules.filter((r) => r.consequent === product && r.lift >= minLift);
  const out: AudienceMember[] = [];
  for (const [customerId, owned] of customers) {
    if (owned.has(product)) continue;
    let pick: AudienceMember | undefined;
    for (const rule of relevant) {
      if (!holds(owned, rule.antecedent)) continue;
      const candidate = { customerId, confidence: rule.confidence, lift: rule.lift, because: [...rule.antecedent] };
      if (!pick || better(candidate, pick)) pick = candidate;
    }
    if (pick) out.push(pick);
  }
  return out.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : a.customerId < b.customerId ? -1 : 1)).slice(0, limit);
}
