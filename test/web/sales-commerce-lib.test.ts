/** The sales and commerce pages' own logic: reading a stage-gate refusal, gate values → patch, instalments, decimals. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api/client.ts';
import { formName, tidyDecimal } from '../../web/src/features/commerce/lib/fields.ts';
import { splitInstalments } from '../../web/src/features/commerce/lib/instalments.ts';
import { gateRefusal, gateValuesToPatch } from '../../web/src/features/sales/lib/gate.ts';
import { durationParts } from '../../web/src/features/sales/lib/money.ts';

describe('stage gate', () => {
  it('reads the missing fields from a 422 refusal and nothing from other errors', () => {
    const refusal = new ApiError(422, 'SALES.STAGE_REQUIREMENTS_MISSING', 'missing', { stage: 'bidding', missing: ['amount', 'custom.bidDeadline'] });
    expect(gateRefusal(refusal)).toEqual({ stage: 'bidding', missing: ['amount', 'custom.bidDeadline'] });
    expect(gateRefusal(new ApiError(422, 'COMMERCE.OVERPAID', 'too much', {}))).toBeUndefined();
    expect(gateRefusal(new ApiError(412, 'SALES.STALE', 'stale', {}))).toBeUndefined();
    expect(gateRefusal(new Error('network'))).toBeUndefined();
  });

  it('turns the dialog values into a patch: custom.<key> nested, blanks left out, text trimmed', () => {
    expect(gateValuesToPatch({ amount: ' 2680000 ', expectedCloseOn: '2026-12-15', 'custom.bidDeadline': '2026-11-30', 'custom.siteManager': '  ', description: null }))
      .toEqual({ amount: '2680000', expectedCloseOn: '2026-12-15', custom: { bidDeadline: '2026-11-30' } });
    expect(gateValuesToPatch({})).toEqual({});
  });
});

describe('instalments', () => {
  it('add up exactly to the amount, the last taking the odd cents', () => {
    const parts = splitInstalments('100.00', 3, '2026-01-15');
    expect(parts.map((p) => p.amount)).toEqual(['33.33', '33.33', '33.34']);
    expect(parts.map((p) => p.dueOn)).toEqual(['2026-01-15', '2026-02-15', '2026-03-15']);
    const big = splitInstalments('331378.07', 7, '2026-12-01');
    expect(big.reduce((sum, p) => sum + Math.round(Number(p.amount) * 100), 0)).toBe(33137807);
  });

  it('keep the day of the month, or the month’s last day when it is shorter', () => {
    expect(splitInstalments('10', 4, '2027-01-31').map((p) => p.dueOn)).toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30']);
    expect(splitInstalments('10', 2, '2028-01-30').map((p) => p.dueOn)).toEqual(['2028-01-30', '2028-02-29']);
  });

  it('one instalment is the whole amount; amounts without decimals work', () => {
    expect(splitInstalments('5', 1, '2026-06-01')).toEqual([{ dueOn: '2026-06-01', amount: '5.00' }]);
  });
});

describe('decimals and durations', () => {
  it('shows stored decimals without trailing noise', () => {
    expect(tidyDecimal('8800.0000', 2)).toBe('8800.00');
    expect(tidyDecimal('2.000')).toBe('2');
    expect(tidyDecimal('12.5000', 2)).toBe('12.50');
    expect(tidyDecimal('0.125')).toBe('0.125');
  });

  it('maps a 400 field path onto a form name', () => {
    expect(formName('lines.0.unitPrice')).toEqual(['lines', 0, 'unitPrice']);
  });

  it('says how long a card has been in its stage in the largest whole unit', () => {
    expect(durationParts(59)).toEqual({ unit: 'minutes', count: 0 });
    expect(durationParts(3 * 3600 + 5)).toEqual({ unit: 'hours', count: 3 });
    expect(durationParts(86_400 * 12 + 4000)).toEqual({ unit: 'days', count: 12 });
  });
});
