import { describe, expect, it } from 'vitest';
import { counterSiegeTerritories, siegesFromState, type SiegeView } from '../src/features/territory/warStore';
import { siegeLabelText } from '../src/scene/MapLabelSources';
import { AC_COUNTER_SIEGE_COLOR, STATUS_COLORS } from '../src/scene/palette';

const siege = (over: Partial<SiegeView> = {}): SiegeView => ({
  id: 's1', territoryId: 't1', territoryName: 'Sector 7', attackerSquadId: '', attackerName: 'Algorithmic Control',
  defenderSquadId: 'q1', defenderName: 'Nova', phase: 'muster', declaredAt: 0, musterEndsAt: 1_000, battleEndsAt: 6_000,
  ghost: false, attackerStrength: 30, defenderStrength: 39, attackersCommitted: 0, defendersCommitted: 3, garrison: 30,
  result: '', counter: true, ...over,
});

describe('AC counter-sieges on the client (GAME §3.5)', () => {
  it('the map label counts down an AC strike in its own words', () => {
    expect(siegeLabelText(siege(), 0)).toMatch(/^AC strike · muster /);
    expect(siegeLabelText(siege(), 2_000)).toMatch(/^AC strike · battle /);
    expect(siegeLabelText(siege({ result: 'attacker' }), 7_000)).toBe('AC retook it');
    expect(siegeLabelText(siege({ result: 'defender' }), 7_000)).toBe('AC driven off');
    // A squad's siege keeps its labels.
    expect(siegeLabelText(siege({ counter: false, result: 'attacker' }), 7_000)).toBe('siege won');
    expect(siegeLabelText(siege({ counter: false }), 2_000)).toMatch(/^⚔ battle /);
  });

  it('only live AC counter-sieges are drawn in the AC’s red, which is not the squads’ contested amber', () => {
    const set = counterSiegeTerritories([
      siege(), siege({ id: 's2', territoryId: 't2', result: 'defender' }), siege({ id: 's3', territoryId: 't3', counter: false }),
    ]);
    expect([...set]).toEqual(['t1']);
    expect(AC_COUNTER_SIEGE_COLOR).not.toBe(STATUS_COLORS.contested);
  });

  it('the counter flag is copied from the synced state', () => {
    const state = { sieges: { forEach: (cb: (v: Record<string, unknown>) => void) => cb({ ...siege() }) } };
    expect(siegesFromState(state)[0]).toMatchObject({ counter: true, attackerName: 'Algorithmic Control', garrison: 30 });
  });
});
