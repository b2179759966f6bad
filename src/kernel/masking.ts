/** How sensitive values look to a role that may see them only masked (PIPL: data minimisation). */

/** +8613800138000 → +86138****8000; the original text likewise keeps only its first three and last four digits. */
export function maskDigits(text: string): string {
  const digits = [...text].filter((c) => /\d/.test(c)).length;
  if (digits <= 7) return text.replace(/\d/g, '*');
  let seen = 0;
  // Keep the country code (+86) visible as well as the first three digits of the number itself.
  const national = text.startsWith('+86') ? 2 : 0;
  return text.replace(/\d/g, (d) => {
    seen++;
    return seen <= national + 3 || seen > digits - 4 ? d : '*';
  });
}

/** zhang.wei@example.com → z***@example.com */
export function maskEmail(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** 1985-06-15 → ****-06-15: the year (age) hidden, the day kept for birthday care. */
export function maskBirthday(date: string): string {
  return `****${date.slice(4)}`;
}

export function maskText(text: string): string {
  return text.length <= 2 ? '**' : `${text.slice(0, 1)}***${text.slice(-1)}`;
}
