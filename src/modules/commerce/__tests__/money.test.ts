import { describe, expect, it } from 'vitest';
import { format, parseDecimal, priceLine, round, totalsOf } from '../money.ts';

describe('money rounding', () => {
  it('rounds half-up (away from zero) to 2 decimals, exactly, where floats would not', () => {
    expect(format(round(parseDecimal('1.005')))).toBe('1.01'); // 1.005 in binary floating point is 1.00499…
    expect(format(round(parseDecimal('2.675')))).toBe('2.68');
    expect(format(round(parseDecimal('-2.675')))).toBe('-2.68');
    expect(format(round(parseDecimal('0.004999')))).toBe('0.00');
    expect(format(parseDecimal('12'))).toBe('12.00');
  });

  it('prices a line: gross, discount, net, tax, each rounded, total = net + tax', () => {
    expect(priceLine({ quantity: '3', unitPrice: '33.335', discountPercent: '10', taxRate: '13' })).toEqual({
      grossAmount: '100.01', // 100.005 → 100.01
      discountAmount: '10.00', // 10.001 → 10.00
      netAmount: '90.01',
      taxAmount: '11.70', // 11.7013 → 11.70
      totalAmount: '101.71',
    });
  });

  it('totals are the sums of the rounded lines, not a re-rounding of unrounded sums', () => {
    // Three lines of 0.005 each: unrounded the sum is 0.015 → 0.02; per line 0.01 × 3 = 0.03.
    const lines = [1, 2, 3].map(() => priceLine({ quantity: '1', unitPrice: '0.005' }));
    expect(lines[0]?.totalAmount).toBe('0.01');
    expect(totalsOf(lines)).toEqual({ subtotal: '0.03', discountTotal: '0.00', taxTotal: '0.00', total: '0.03' });
  });
});

describe('money rounding at the edges', () => {
  it('is exact beyond what a double can hold, with fractional quantities, and a 100 % discount', () => {
    // 99,999,999,999.9999 × 999.999 = 99,999,899,999,999.9000001 exactly; a double keeps ~16 significant digits.
    expect(priceLine({ quantity: '999.999', unitPrice: '99999999999.9999' }).grossAmount).toBe('99999899999999.90');
    expect(priceLine({ quantity: '0.333', unitPrice: '2.99', taxRate: '9' })).toEqual({ grossAmount: '1.00', discountAmount: '0.00', netAmount: '1.00', taxAmount: '0.09', totalAmount: '1.09' }); // 0.99567 → 1.00
    expect(priceLine({ quantity: '2', unitPrice: '19.99', discountPercent: '100', taxRate: '13' })).toEqual({ grossAmount: '39.98', discountAmount: '39.98', netAmount: '0.00', taxAmount: '0.00', totalAmount: '0.00' });
  });

  it('rounds tax on the discounted net, not on the gross', () => {
    // gross 10.00, discount 15 % = 1.50, net 8.50, tax 13 % = 1.105 → 1.11 (on gross it would be 1.30)
    expect(priceLine({ quantity: '1', unitPrice: '10', discountPercent: '15', taxRate: '13' })).toMatchObject({ netAmount: '8.50', taxAmount: '1.11', totalAmount: '9.61' });
  });
});
