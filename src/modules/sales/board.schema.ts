/** zod shapes of the kanban board and the forecast. */
import { z } from 'zod';
import { text } from '../../kernel/schema.ts';
import { opportunitySchema } from './opportunity.schema.ts';
import { stageSchema } from './pipeline.schema.ts';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month written YYYY-MM');

export const kanbanQuerySchema = z.strictObject({
  ownerId: z.uuid().optional(),
  perStage: z.coerce.number().int().min(1).max(100).default(25).describe('Cards per column'),
});

const totals = z.array(z.object({ currency: z.string(), amount: z.string(), weighted: z.string() }));

const kanbanCardSchema = opportunitySchema
  .extend({ customerName: z.string().nullable().describe('The customer on the card: the organisation, else the person; null when there is none or you may not see it') })
  .meta({ id: 'KanbanCard' });

export const kanbanSchema = z
  .object({
    pipelineId: z.uuid(),
    columns: z.array(z.object({ stage: stageSchema, count: z.number().int(), totals, items: z.array(kanbanCardSchema) })),
  })
  .meta({ id: 'Kanban' });

export const forecastQuerySchema = z.strictObject({
  from: month.optional().describe('First month (expected close); default this month'),
  to: month.optional().describe('Last month; default 11 months after from'),
  pipeline: text(60).optional(),
  ownerId: z.uuid().optional(),
  groupBy: z.enum(['month', 'owner', 'month_owner', 'team', 'month_team']).default('month').describe('By team: an owner in several teams counts in each; owners in no team form the row with teamId null'),
});
export type ForecastQuery = z.infer<typeof forecastQuerySchema>;

export const forecastSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    rows: z.array(z.object({ month: z.string().nullable(), ownerId: z.uuid().nullable(), teamId: z.uuid().nullable().optional(), currency: z.string(), count: z.number().int(), amount: z.string(), weighted: z.string().describe('Σ amount × stage probability, rounded half-up to 2 decimals') })),
  })
  .meta({ id: 'Forecast' });
