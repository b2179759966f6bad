import { describe, expect, it } from 'vitest';
import { rollUpByTeam } from '../board.service.ts';

describe('forecast by team', () => {
  it('sums owners into teams exactly, counting an owner in each of their teams, and keeps the unassigned apart', () => {
    const rows = [
      { month: '2030-01', ownerId: 'u1', currency: 'CNY', count: 1, amount: '0.10', weighted: '0.01' },
      { month: '2030-01', ownerId: 'u2', currency: 'CNY', count: 2, amount: '0.20', weighted: '0.02' },
      { month: '2030-01', ownerId: 'u3', currency: 'CNY', count: 1, amount: '-5.05', weighted: '0.00' },
      { month: '2030-01', ownerId: null, currency: 'USD', count: 1, amount: '7.00', weighted: '0.70' },
    ];
    const out = rollUpByTeam(rows, [
      { teamId: 't1', userId: 'u1' },
      { teamId: 't1', userId: 'u2' },
      { teamId: 't2', userId: 'u2' },
    ]);
    expect(out).toEqual([
      { month: '2030-01', ownerId: null, teamId: null, currency: 'CNY', count: 1, amount: '-5.05', weighted: '0.00' },
      { month: '2030-01', ownerId: null, teamId: null, currency: 'USD', count: 1, amount: '7.00', weighted: '0.70' },
      { month: '2030-01', ownerId: null, teamId: 't1', currency: 'CNY', count: 3, amount: '0.30', weighted: '0.03' },
      { month: '2030-01', ownerId: null, teamId: 't2', currency: 'CNY', count: 2, amount: '0.20', weighted: '0.02' },
    ]);
  });
});
