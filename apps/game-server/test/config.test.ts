import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'dv-config-'));

describe('config', () => {
  it('runs on embedded defaults with no configuration', () => {
    const d = dir();
    const c = loadConfig({ DATA_DIR: d });
    expect(c.port).toBe(2567);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.dataDir).toBe(d);
    expect(c.durations.dayMs).toBe(86_400_000);
  });

  it('generates a JWT secret once and keeps it in DATA_DIR', () => {
    const d = dir();
    const first = loadConfig({ DATA_DIR: d }).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ DATA_DIR: d }).jwtSecret).toBe(first);
    expect(readFileSync(path.join(d, 'jwt-secret'), 'utf8')).toBe(first);
  });

  it('TIME_SCALE shortens game durations: 1440 runs a day in a minute', () => {
    const c = loadConfig({ DATA_DIR: dir(), TIME_SCALE: '1440' });
    expect(c.durations.dayMs).toBe(60_000);
    expect(c.durations.hourMs).toBe(2_500);
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ DATA_DIR: dir(), PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(/PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/);
    expect(() => loadConfig({ DATA_DIR: dir(), JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });

  it('FAULT_INJECT arms known after-commit points only; unset arms none', () => {
    expect(loadConfig({ DATA_DIR: dir() }).faultInject.size).toBe(0);
    const c = loadConfig({ DATA_DIR: dir(), FAULT_INJECT: 'after-commit:siege-declare, after-commit:election-open' });
    expect([...c.faultInject]).toEqual(['after-commit:siege-declare', 'after-commit:election-open']);
    expect(() => loadConfig({ DATA_DIR: dir(), FAULT_INJECT: 'after-commit:siege-declar' })).toThrow(/FAULT_INJECT/);
  });
});
