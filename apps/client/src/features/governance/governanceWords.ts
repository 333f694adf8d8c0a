/**
 * Governance words and the client-side view of who may do what (GAME §7): proposal kinds with
 * their periods, quorums and thresholds, and who may stand for each council. The server
 * decides; these only tell a player what unlocks a form before they fill it in. Pure.
 */
import { RANKS } from '@datavism/rules';

export const KIND_WORDS: Readonly<Record<string, { label: string; rule: string }>> = {
  feature: { label: 'Feature', rule: '7 days; quorum 10 %; passes with 50 % yes' },
  content: { label: 'Content', rule: '7 days; quorum 10 %; passes with 50 % yes' },
  balance: { label: 'Balance (a game parameter)', rule: '3 days; quorum 15 %; passes with 60 % yes' },
  economic: { label: 'Economic (a game parameter)', rule: '3 days; quorum 15 %; passes with 60 % yes' },
  emergency: { label: 'Emergency (council members)', rule: '1 day; quorum 5 %; passes with 66.7 % yes' },
};

export const COUNCIL_WORDS: Readonly<Record<string, string>> = {
  player: 'Player council', technical: 'Technical council', creative: 'Creative council', strategic: 'Strategic council',
};

export const PHASE_WORDS: Readonly<Record<string, string>> = {
  nomination: 'Nominations open', campaign: 'Campaign', voting: 'Voting', counted: 'Counted',
};

export const STATUS_WORDS: Readonly<Record<string, string>> = {
  open: 'Voting', passed: 'Passed', rejected: 'Rejected', failed: 'Failed', expired: 'No quorum', applied: 'Passed and applied',
};

interface Candidate { level: number; influence: number; rank: string; reputation: Record<string, number> }

/** Whether `p` may stand for `council`, and what it takes (GAME §7.3). */
export function candidacy(council: string, p: Candidate): { ok: boolean; need: string; have: string } {
  const rep = (k: string) => Math.floor(p.reputation[k] ?? 0);
  switch (council) {
    case 'player':
      return { ok: p.level >= 10 && p.influence >= 5000, need: 'level 10 and influence 5,000', have: `level ${p.level}, influence ${Math.floor(p.influence).toLocaleString()}` };
    case 'technical':
      return { ok: rep('technicalMastery') >= 8000, need: 'technical mastery 8,000', have: rep('technicalMastery').toLocaleString() };
    case 'creative':
      return { ok: rep('artisticVision') >= 5000, need: 'artistic vision 5,000', have: rep('artisticVision').toLocaleString() };
    case 'strategic': {
      const commander = RANKS.findIndex((r) => r.name === 'Commander');
      const mine = RANKS.findIndex((r) => r.name === p.rank);
      return { ok: mine >= commander, need: 'the rank of Commander (influence 5,000)', have: p.rank };
    }
    default:
      return { ok: true, need: '', have: '' };
  }
}
