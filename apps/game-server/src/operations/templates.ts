/**
 * Default operation templates (GAME §6.2, §6.5), seeded into `operation_templates` at start
 * (missing keys only: a GM's edits are kept). Trigger kinds use the template of the same name.
 */
import type { OperationTemplate } from '@datavism/shared-schema';

type Template = Omit<OperationTemplate, 'objectives'> & { objectives: (Omit<OperationTemplate['objectives'][number], 'description' | 'weight'> & { description?: string; weight?: number })[] };

export const DEFAULT_TEMPLATES: Record<string, Template> = {
  friday_flashpoint: {
    type: 'flashpoint', name: 'Flashpoint Friday', handler: 'Cipher',
    briefing: 'The Algorithmic Control is rotating its keys tonight. We have three hours. Pour cycles into the breach before the window closes.',
    objectives: [
      { tier: 'primary', kind: 'contribute', title: 'Overload the key rotation', resource: 'cpu_cycles', target: 5000, weight: 3 },
      { tier: 'secondary', kind: 'solve_challenges', title: 'Crack the rotation schedule', target: 20 },
      { tier: 'hidden', kind: 'contribute', title: 'Bribe the night operator', resource: 'resistance_credits', target: 2000, revealAt: 0.5 },
    ],
    requiredPlayers: 1, xpPool: 5000, pool: { resource: 'resistance_credits', amount: 10_000 }, payToSquads: false, briefingMinutes: 0,
  },
  global_strike_day: {
    type: 'global', name: 'Global Strike Day', handler: 'Oracle',
    briefing: 'Every cell, every squad, one target: the Control\'s central index. Forty-eight hours. Strike together.',
    objectives: [
      { tier: 'primary', kind: 'contribute', title: 'Flood the central index', resource: 'cpu_cycles', target: 50_000, weight: 3 },
      { tier: 'secondary', kind: 'verify_intel', title: 'Map the index replicas', target: 10 },
      { tier: 'secondary', kind: 'solve_challenges', title: 'Forge access tokens', target: 50 },
    ],
    requiredPlayers: 10, xpPool: 50_000, pool: { resource: 'resistance_credits', amount: 100_000 }, payToSquads: true, briefingMinutes: 0,
  },
  mega_raid: {
    type: 'liberation_war', name: 'Mega Raid', handler: 'Vanguard',
    briefing: 'Month\'s end. The garrisons are thin. Take the targets back, hex by hex, until the map is ours.',
    objectives: [
      { tier: 'primary', kind: 'liberate', title: 'Liberate the target territories', target: 5, weight: 4 },
      { tier: 'secondary', kind: 'contribute', title: 'Supply the front', resource: 'resistance_credits', target: 20_000 },
      { tier: 'hidden', kind: 'verify_intel', title: 'The revelation', category: 'revelation', target: 1, revealAt: 0.75 },
    ],
    requiredPlayers: 5, xpPool: 30_000, pool: { resource: 'resistance_credits', amount: 50_000 }, payToSquads: true, briefingMinutes: 0,
  },
  data_breach: {
    type: 'rapid', name: 'Data Breach', handler: 'Cipher',
    briefing: 'A breach just went public. Find who was exposed, trace the leak, lock the data down and warn the victims before the Control buries it.',
    objectives: [
      { tier: 'primary', kind: 'verify_intel', title: 'Identify affected users', category: 'data_breach', target: 5, weight: 2 },
      { tier: 'primary', kind: 'solve_challenges', title: 'Trace the source', target: 10, weight: 2 },
      { tier: 'secondary', kind: 'contribute', title: 'Secure exposed data', resource: 'cpu_cycles', target: 2000 },
      { tier: 'secondary', kind: 'contribute', title: 'Notify victims', resource: 'data_credits', target: 500 },
    ],
    requiredPlayers: 3, xpPool: 10_000, pool: { resource: 'resistance_credits', amount: 20_000 }, payToSquads: false, briefingMinutes: 0,
  },
  election: {
    type: 'rapid', name: 'Election Watch', handler: 'Oracle',
    briefing: 'Polls open soon. The Control\'s bots are already awake. Watch, check, protect, and keep it all in the open.',
    objectives: [
      { tier: 'primary', kind: 'verify_intel', title: 'Monitor disinformation', category: 'disinformation', target: 5, weight: 2 },
      { tier: 'primary', kind: 'solve_challenges', title: 'Fact-check claims', target: 10, weight: 2 },
      { tier: 'secondary', kind: 'contribute', title: 'Protect voter data', resource: 'cpu_cycles', target: 2000 },
      { tier: 'secondary', kind: 'contribute', title: 'Ensure transparency', resource: 'data_credits', target: 500 },
    ],
    requiredPlayers: 3, xpPool: 10_000, pool: { resource: 'resistance_credits', amount: 20_000 }, payToSquads: false, briefingMinutes: 0,
  },
  climate_disaster: {
    type: 'rapid', name: 'Climate Disaster Response', handler: 'Vanguard',
    briefing: 'Disaster zones go dark first. Keep the relief data flowing and expose who is profiting from the silence.',
    objectives: [
      { tier: 'primary', kind: 'contribute', title: 'Keep relief networks online', resource: 'cpu_cycles', target: 3000, weight: 2 },
      { tier: 'primary', kind: 'verify_intel', title: 'Map the affected areas', category: 'climate', target: 5, weight: 2 },
      { tier: 'hidden', kind: 'solve_challenges', title: 'Follow the money', target: 5, revealAt: 0.5 },
    ],
    requiredPlayers: 3, xpPool: 10_000, pool: { resource: 'resistance_credits', amount: 20_000 }, payToSquads: false, briefingMinutes: 0,
  },
  market_crash: {
    type: 'flashpoint', name: 'Market Crash', handler: 'Ledger',
    briefing: 'The markets are in free fall and the Control is buying everything. Find the trigger trades before the window closes.',
    objectives: [
      { tier: 'primary', kind: 'solve_challenges', title: 'Find the trigger trades', target: 10, weight: 2 },
      { tier: 'secondary', kind: 'contribute', title: 'Stabilise the resistance fund', resource: 'resistance_credits', target: 5000 },
    ],
    requiredPlayers: 3, xpPool: 8000, pool: { resource: 'resistance_credits', amount: 15_000 }, payToSquads: false, briefingMinutes: 0,
  },
  whistleblower: {
    type: 'investigation', name: 'Whistleblower Protection', handler: 'Oracle',
    briefing: 'Someone inside the Control talked. Verify their documents, protect their identity, and make the truth impossible to erase.',
    objectives: [
      { tier: 'primary', kind: 'verify_intel', title: 'Verify the documents', category: 'leak', target: 5, weight: 3 },
      { tier: 'secondary', kind: 'contribute', title: 'Fund the safe house', resource: 'resistance_credits', target: 5000 },
      { tier: 'hidden', kind: 'solve_challenges', title: 'Unmask the second source', target: 5, revealAt: 0.5 },
    ],
    requiredPlayers: 3, xpPool: 20_000, pool: { resource: 'resistance_credits', amount: 30_000 }, payToSquads: false, briefingMinutes: 0,
  },
  investigation: {
    type: 'investigation', name: 'Investigation', handler: 'Oracle',
    briefing: 'A pattern surfaced. Dig until the whole network behind it is in the open.',
    objectives: [
      { tier: 'primary', kind: 'verify_intel', title: 'Corroborate the pattern', target: 5, weight: 2 },
      { tier: 'secondary', kind: 'solve_challenges', title: 'Decode the evidence', target: 5 },
    ],
    requiredPlayers: 1, xpPool: 5000, pool: { resource: 'resistance_credits', amount: 10_000 }, payToSquads: false, briefingMinutes: 0,
  },
};
