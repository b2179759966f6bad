/** A 400's field path (`lines.0.unitPrice`) as an antd form name (`['lines', 0, 'unitPrice']`). */
export function formName(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** "8800.0000" → "8800.00", "2.000" → "2", "12.5000" → "12.50": stored precision, without the noise, for inputs. */
export function tidyDecimal(value: string, minDecimals = 0): string {
  const [whole = '0', fraction = ''] = value.split('.');
  const kept = fraction.replace(/0+$/, '').padEnd(minDecimals, '0');
  return kept ? `${whole}.${kept}` : whole;
}
