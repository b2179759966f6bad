import { describe, expect, it } from 'vitest';
import { namePinyin } from '../chinese/name.ts';

describe('namePinyin memo', () => {
  it('gives the same pinyin on a repeated name, and callers cannot change what the next one gets', () => {
    const first = namePinyin('曾 偉');
    expect(first).toEqual({ syllables: ['zeng', 'wei'], full: 'zengwei', initials: 'zw' });
    expect(() => first.syllables.push('x')).toThrow();
    expect(() => {
      (first as { full: string }).full = 'x';
    }).toThrow();
    expect(namePinyin('曾 偉')).toEqual({ syllables: ['zeng', 'wei'], full: 'zengwei', initials: 'zw' });
  });

  it('stays correct past the memo size (oldest names dropped, then converted again)', () => {
    const names = Array.from({ length: 50_010 }, (_, i) => `Wei Zhang${i}`);
    for (const name of names) namePinyin(name);
    expect(namePinyin('Wei Zhang0')).toEqual({ syllables: ['wei', 'zhang0'], full: 'weizhang0', initials: 'wz' });
    expect(namePinyin('Wei Zhang50009').full).toBe('weizhang50009');
    expect(namePinyin('')).toEqual({ syllables: [], full: '', initials: '' });
  });
});
