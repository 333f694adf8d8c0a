import { describe, expect, it } from 'vitest';
import { ERROR_CODES, GameError, isErrorCode, isGameError } from '../src/errors';
import { isResource, RESOURCE_INFO, RESOURCES, TRADEABLE_RESOURCES } from '../src/resources';

describe('resources', () => {
  it('resources: six, resistance_credits first', () => {
    expect(RESOURCES).toEqual([
      'resistance_credits', 'cpu_cycles', 'data_credits', 'truth_tokens', 'liberation_keys', 'influence_points',
    ]);
  });

  it('resources: truth_tokens and influence_points are soul-bound and not tradeable', () => {
    const soulBound = RESOURCES.filter((r) => RESOURCE_INFO[r].soulBound);
    expect(soulBound).toEqual(['truth_tokens', 'influence_points']);
    for (const r of RESOURCES) expect(RESOURCE_INFO[r].tradeable).toBe(!RESOURCE_INFO[r].soulBound);
    expect(TRADEABLE_RESOURCES).toEqual(['cpu_cycles', 'data_credits', 'liberation_keys']);
  });

  it('resources: decay rates of GAME §4', () => {
    expect(RESOURCE_INFO.cpu_cycles.decay).toEqual({ rateBps: 1000, period: 'daily' });
    expect(RESOURCE_INFO.liberation_keys.decay).toEqual({ rateBps: 500, period: 'weekly' });
    expect(RESOURCE_INFO.influence_points.decay).toEqual({ rateBps: 200, period: 'monthly' });
    expect(RESOURCE_INFO.resistance_credits.decay).toBeNull();
    expect(RESOURCE_INFO.data_credits.decay).toBeNull();
    expect(RESOURCE_INFO.truth_tokens.decay).toBeNull();
  });

  it('resources: isResource', () => {
    expect(isResource('cpu_cycles')).toBe(true);
    expect(isResource('gold')).toBe(false);
    expect(isResource(3)).toBe(false);
  });
});

describe('errors', () => {
  it('errors: GameError carries a stable code, message and cause', () => {
    const cause = new Error('disk');
    const err = new GameError('INSUFFICIENT_FUNDS', 'need 500', { cause });
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('INSUFFICIENT_FUNDS');
    expect(err.message).toBe('need 500');
    expect(err.cause).toBe(cause);
    expect(err.name).toBe('GameError');
    expect(isGameError(err)).toBe(true);
    expect(isGameError(err, 'INSUFFICIENT_FUNDS')).toBe(true);
    expect(isGameError(err, 'NOT_FOUND')).toBe(false);
    expect(isGameError(new Error('x'))).toBe(false);
  });

  it('errors: the required codes exist and are unique', () => {
    const required = [
      'BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED', 'NAME_TAKEN', 'INVALID_CREDENTIALS',
      'INSUFFICIENT_FUNDS', 'UNKNOWN_TERRITORY', 'ALREADY_DEPLOYED', 'IN_TRANSIT', 'NOT_DEPLOYED',
      'PARAMETER_OUT_OF_BOUNDS', 'UNKNOWN_PARAMETER', 'NOT_SQUAD_MEMBER', 'NOT_SQUAD_OFFICER', 'NOT_SQUAD_LEADER',
      'SQUAD_FULL', 'SQUAD_CLOSED', 'SQUAD_NOT_ACTIVE', 'REQUIREMENTS_NOT_MET', 'SIEGE_COOLDOWN', 'SIEGE_IN_PROGRESS',
      'NOT_ADJACENT', 'TERRITORY_LIMIT', 'DECISION_CLOSED', 'ALREADY_VOTED', 'SOUL_BOUND', 'INTERNAL',
    ];
    for (const code of required) expect(isErrorCode(code), code).toBe(true);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(isErrorCode('LAUNCH_MISSILES')).toBe(false);
  });
});
