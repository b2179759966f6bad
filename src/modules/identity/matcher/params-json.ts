/** Trained parameters to and from JSON, validated on the way in (a stored model must fit the spec it names). */
import { z } from 'zod';
import type { ModelParams } from './model.types.ts';

const probability = z.number().min(0).max(1);

const paramsSchema = z.object({
  version: z.literal(1),
  spec: z.string().min(1),
  lambda: z.number().gt(0).lt(1),
  records: z.number().int().nonnegative().optional(),
  comparisons: z.array(
    z.object({
      name: z.string().min(1),
      levels: z.array(z.string()).min(2),
      m: z.array(probability),
      u: z.array(probability),
    }),
  ),
});

export function serialiseParams(params: ModelParams): string {
  return JSON.stringify(params, null, 2);
}

export function parseParams(json: string): ModelParams {
  const parsed = paramsSchema.parse(JSON.parse(json));
  for (const comparison of parsed.comparisons) {
    if (comparison.m.length !== comparison.levels.length || comparison.u.length !== comparison.levels.length) {
      throw new Error(`model parameters: comparison ${comparison.name} has ${comparison.levels.length} levels but m/u of other lengths`);
    }
  }
  return { ...parsed, version: 1 };
}

/**
 * Parameters learnt on one data size used on another: each person has about the same number of duplicates
 * whatever the size, so the prior that two random records match scales as 1/records. Capped at 0.1.
 */
export function rescalePrior(params: ModelParams, records: number): ModelParams {
  if (!params.records || records <= 1 || params.records === records) return params;
  return { ...params, lambda: Math.min(0.1, (params.lambda * params.records) / records), records };
}
