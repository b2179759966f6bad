/** Trained parameters to and from JSON, validated on the way in (a stored model must fit the spec it names). */
import { z } from 'zod';
import type { ModelParams } from './model.types.ts';

const probability = z.number().min(0).max(1);

const paramsSchema = z.object({
  version: z.literal(1),
  spec: z.string().min(1),
  lambda: z.number().gt(0).lt(1),
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
