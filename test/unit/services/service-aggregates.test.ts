import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateDeltaOf, statusCountAttribute } from '#functions/services/service.rules';
import { SERVICE_STATUSES, type ServiceMove } from '#functions/services/service.schema';

/** A valid life cycle as the use cases produce it: create, assign, (handle, feedback < 3)*, maybe handle, feedback ≥ 3. */
const lifeCycle = fc
  .record({
    rounds: fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 4 }),
    end: fc.constantFrom('created', 'assigned', 'handled', 'archived'),
    finalSatisfaction: fc.integer({ min: 3, max: 5 }),
  })
  .map(({ rounds, end, finalSatisfaction }) => {
    const moves: ServiceMove[] = [{ move: 'create', to: 'created', at: '2026-11-22T08:00:00.000Z', by: 'am1', version: 1 }];
    const push = (move: Omit<ServiceMove, 'at' | 'by' | 'version'>) =>
      moves.push({ ...move, at: '2026-11-22T08:00:00.000Z', by: 'am1', version: moves.length + 1 });
    if (end === 'created') return moves;
    push({ move: 'assign', from: 'created', to: 'assigned', assigneeId: 'am1' });
    for (const satisfaction of rounds) {
      push({ move: 'handle', from: 'assigned', to: 'handled', handling: 'x' });
      push({ move: 'feedback', from: 'handled', to: 'assigned', feedback: 'no', satisfaction });
    }
    if (end === 'assigned') return moves;
    push({ move: 'handle', from: 'assigned', to: 'handled', handling: 'x' });
    if (end === 'handled') return moves;
    push({ move: 'feedback', from: 'handled', to: 'archived', feedback: 'ok', satisfaction: finalSatisfaction });
    return moves;
  });

describe('service-analysis aggregate deltas', () => {
  it('count every request once, in exactly one status, with exact satisfaction sums, whatever its path', () => {
    fc.assert(
      fc.property(lifeCycle, (moves) => {
        // Act
        const totals: Record<string, number> = {};
        for (const move of moves) {
          for (const [attribute, by] of Object.entries(aggregateDeltaOf(move))) totals[attribute] = (totals[attribute] ?? 0) + by;
        }

        // Assess
        const last = moves.at(-1)!;
        const ratings = moves.flatMap((move) => (move.satisfaction === undefined ? [] : [move.satisfaction]));
        expect(totals.count).toBe(1);
        for (const status of SERVICE_STATUSES) {
          expect(totals[statusCountAttribute(status)] ?? 0).toBe(status === last.to ? 1 : 0);
        }
        expect(totals.satisfactionSum ?? 0).toBe(ratings.reduce((sum, rating) => sum + rating, 0));
        expect(totals.satisfactionCount ?? 0).toBe(ratings.length);
        expect(totals.reopened ?? 0).toBe(moves.filter((move) => move.move === 'feedback' && move.to === 'assigned').length);
      }),
    );
  });

  it('adds nothing to the status counts for a reassignment (assigned → assigned)', () => {
    expect(aggregateDeltaOf({ move: 'reassign', from: 'assigned', to: 'assigned', at: '2026-11-22T08:00:00.000Z', by: 'sales', version: 3, assigneeId: 'am2' })).toEqual({});
  });
});
