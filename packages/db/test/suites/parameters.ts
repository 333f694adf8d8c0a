import { describe, expect, it } from 'vitest';
import { defaultParameters } from '@datavism/rules';
import { loadParameters, parameterChanges, setParameter } from '../../src/index';
import { gameError, type Ctx } from '../harness';

/** The parameter registry's storage, run by db.test.ts against each database. */
export function parametersSuite(ctx: Ctx): void {
  describe('parameters', () => {
    it('loads the registry defaults when nothing is stored', async () => {
      expect(await loadParameters(ctx.db)).toEqual(defaultParameters());
    });

    it('stores a change within bounds and logs who, why, old and new value', async () => {
      const change = await setParameter(ctx.db, {
        name: 'siege_cooldown_seconds', value: 300, changedBy: 'governance', reason: 'proposal passed', proposalId: 'prop-1',
      });
      expect(change).toMatchObject({
        name: 'siege_cooldown_seconds', oldValue: 600, newValue: 300, changedBy: 'governance',
        reason: 'proposal passed', proposalId: 'prop-1',
      });
      await setParameter(ctx.db, { name: 'siege_cooldown_seconds', value: 450, changedBy: 'gm:1', reason: 'event' });
      const params = await loadParameters(ctx.db);
      expect(params.siege_cooldown_seconds).toBe(450);
      expect(params.travel_seconds_per_hex).toBe(2);
      const log = await parameterChanges(ctx.db, 2);
      expect(log.map((c) => [c.oldValue, c.newValue, c.proposalId])).toEqual([[300, 450, null], [600, 300, 'prop-1']]);
    });

    it('refuses values out of bounds, non-integers and unknown names, writing nothing', async () => {
      const logged = (await parameterChanges(ctx.db, 100)).length;
      await expect(
        setParameter(ctx.db, { name: 'market_taker_fee_bps', value: 501, changedBy: 'x', reason: 'greed' }),
      ).rejects.toEqual(gameError('PARAMETER_OUT_OF_BOUNDS'));
      await expect(
        setParameter(ctx.db, { name: 'market_taker_fee_bps', value: 2.5, changedBy: 'x', reason: 'float' }),
      ).rejects.toEqual(gameError('PARAMETER_OUT_OF_BOUNDS'));
      await expect(
        setParameter(ctx.db, { name: 'no_such_parameter', value: 1, changedBy: 'x', reason: '?' }),
      ).rejects.toEqual(gameError('UNKNOWN_PARAMETER'));
      expect((await loadParameters(ctx.db)).market_taker_fee_bps).toBe(200);
      expect(await parameterChanges(ctx.db, 100)).toHaveLength(logged);
      // The bounds themselves are allowed.
      await setParameter(ctx.db, { name: 'market_taker_fee_bps', value: 500, changedBy: 'x', reason: 'max' });
      expect((await loadParameters(ctx.db)).market_taker_fee_bps).toBe(500);
    });
  });
}
