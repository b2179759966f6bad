/** `clvUnavailable` in the analytics answers: why lifetime values are missing, as a code with its numbers. */
import { z } from 'zod';

/** The purchase-count models a lifetime value can come from. */
export const countModelSchema = z.enum(['bgnbd', 'pareto']);

/**
 * Why lifetime values are null although there are purchases, as a code with the numbers behind it (clients word
 * it in their language; `message` is the same in English). The codes:
 */
const attempt = {
  model: countModelSchema,
  attemptedAt: z.string().describe('when the fit was attempted (ISO instant)'),
  customers: z.number().int().min(0).describe('the fit’s input size: the tenant’s customers with at least one purchase (in the analytics currency)'),
  orderLines: z.number().int().min(0).describe('the tenant’s order lines when the fit was attempted'),
  message: z.string().describe('the reason in English'),
};
export const clvUnavailableSchema = z
  .discriminatedUnion('code', [
    z.object({ code: z.literal('too-few-customers'), ...attempt, minimum: z.number().int().describe('customers with purchases a fit needs') })
      .describe('too-few-customers: fewer customers with purchases than a fit needs (`minimum`); it is tried again when the order lines grow by 10 % or after a rebuild'),
    z.object({ code: z.literal('no-repeat-purchase'), ...attempt })
      .describe('no-repeat-purchase: no customer of the tenant has bought on a second day, so purchase rates and dropout cannot be told apart'),
    z.object({ code: z.literal('not-converged'), ...attempt, timeLimitSeconds: z.number().describe('the fit’s time limit') })
      .describe('not-converged: the optimisation did not converge within its time limit (Pareto/NBD); a half-fitted model is not used'),
    z.object({ code: z.literal('parameters-out-of-range'), ...attempt })
      .describe('parameters-out-of-range: the fit ended with parameters that are not positive finite numbers'),
    z.object({ code: z.literal('fit-error'), ...attempt, detail: z.string().describe('the error, in English') })
      .describe('fit-error: the fit stopped with a numerical error'),
    z.object({ code: z.literal('not-fitted-yet'), model: countModelSchema, message: attempt.message })
      .describe('not-fitted-yet: no fit of this model has been attempted for the tenant yet (it is made on the next derive or request)'),
  ])
  .meta({ id: 'ClvUnavailable' });

export type ClvUnavailable = z.infer<typeof clvUnavailableSchema>;
