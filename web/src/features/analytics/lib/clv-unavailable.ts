/** Why lifetime value is missing (the API's `clvUnavailable` code and its numbers), in the UI language. */
import type { TFunction } from 'i18next';
import type { ClvUnavailableView } from './view.ts';

export function clvUnavailableText(t: TFunction, reason: ClvUnavailableView, number: (n: number) => string): string {
  switch (reason.code) {
    case 'too-few-customers':
      return t('analytics.person.clvUnavailable.tooFewCustomers', { minimum: number(reason.minimum), customers: number(reason.customers) });
    case 'no-repeat-purchase':
      return t('analytics.person.clvUnavailable.noRepeatPurchase', { customers: number(reason.customers) });
    case 'not-converged':
      return t('analytics.person.clvUnavailable.notConverged', { seconds: number(reason.timeLimitSeconds) });
    case 'parameters-out-of-range':
      return t('analytics.person.clvUnavailable.parametersOutOfRange');
    case 'fit-error':
      return t('analytics.person.clvUnavailable.fitError');
    case 'not-fitted-yet':
      return t('analytics.person.clvUnavailable.notFittedYet');
  }
}
