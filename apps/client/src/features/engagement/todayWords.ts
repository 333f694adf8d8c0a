/**
 * The daily bundle in words, and the dock panel where each item is done (pure: the Today panel
 * renders these; apps/client/test/engagement.test.ts checks them).
 */
import type { DailyBundleDto, InterventionDto, SquadObjectiveDto } from '@datavism/shared-schema';

/** A line of the Today panel: what it says and the dock panel that does it (null: nowhere to go). */
export interface TodayLine {
  text: string;
  panel: string | null;
  /** The button's words. */
  action?: string;
}

const PANEL_ACTIONS: Record<string, string> = {
  squads: 'Open Squad', territory: 'Open Sieges', operations: 'Open Operations', intel: 'Open Intel', council: 'Open Council',
  exchange: 'Open Exchange', codex: 'Open Codex', mentorship: 'Open Mentorship', profile: 'Open Profile',
};

const line = (text: string, panel: string | null): TodayLine => (panel ? { text, panel, action: PANEL_ACTIONS[panel] ?? 'Open' } : { text, panel });

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

/** A squad event in words: "the siege of Sector 7". */
function eventWords(kind: unknown, name: unknown): string {
  if (kind === 'siege') return `the siege of ${str(name)}`;
  if (kind === 'defence') return `the defence of ${str(name)}`;
  return `the operation ${str(name)}`;
}

/** A message's first sentence (the panel quotes it; the thread has the rest). */
function firstSentence(text: string): string {
  const m = /^.*?[.!?](?=\s|$)/.exec(text);
  return m ? m[0] : text;
}

/** What a squad needs, from the `squad_needs` payload. */
function squadNeeds(p: Record<string, unknown>): string[] {
  const needs: string[] = [];
  const members = num(p.membersNeeded);
  const votes = num(p.openDecisions);
  if (members > 0) needs.push(`${members} more member${members === 1 ? '' : 's'} to become active`);
  if (votes > 0) needs.push(`${votes} decision${votes === 1 ? '' : 's'} waiting for your vote`);
  const event = p.event as Record<string, unknown> | null | undefined;
  if (event) needs.push(`hands for ${eventWords(event.kind, event.name)}`);
  return needs;
}

/** What an intervention of the churn job says, and where it is done. */
export function interventionLine(i: Pick<InterventionDto, 'kind' | 'payload'>): TodayLine {
  const p = i.payload;
  switch (i.kind) {
    case 'handler_message':
      return line(`Your handler writes: “${firstSentence(str(p.body))}” — the whole message is in your handler thread (Comms).`, null);
    case 'easier_challenge':
      return line(`An easier challenge for you: ${str(p.title, `a difficulty ${num(p.difficulty)} puzzle`)}.`, 'intel');
    case 'squad_event':
      if (p.kind === 'join_squad') return line('Your invitation: join a squad — the finder suggests one that fits you.', 'squads');
      if (p.kind === 'squad_chat') return line(`Your invitation: ${str(p.squadName)} is planning its next move — say hello in squad chat.`, 'squads');
      return line(`Your invitation: ${str(p.squadName, 'your squad')} is in ${eventWords(p.kind, p.name)} — join them.`, p.kind === 'operation' ? 'operations' : 'territory');
    case 'progress_highlight':
      return line(`How far you have come: level ${num(p.level)}, ${num(p.xp)} of ${num(p.nextLevelXp)} XP to the next, a ${num(p.loginStreak)}-day streak, ${num(p.daysActive)} days active.`, 'profile');
    case 'squad_needs':
      if (p.squadless) return line('A squad needs you: most of the network fights in cells. The finder suggests one.', 'squads');
      return line(`${str(p.squadName, 'Your squad')} needs you: ${squadNeeds(p).join(', ') || 'show up — a squad is its members'}.`, 'squads');
    case 'mentor_offer':
      return p.mentored
        ? line('Your mentor is there for you — ask them for a lesson.', 'mentorship')
        : line(`A mentor could help you: ${num(p.mentors)} mentor${num(p.mentors) === 1 ? ' is' : 's are'} registered. Ask for one.`, 'mentorship');
    default:
      return line('Your handler has something for you.', null);
  }
}

/** The squad's objective in words, and where it is done. */
export function squadLine(o: SquadObjectiveDto): TodayLine {
  if (o.kind === 'join_squad') {
    return o.suggestion
      ? line(`You fight alone. ${o.suggestion.name} recruits (${o.suggestion.memberCount}/${o.suggestion.maxMembers}) — join them.`, 'squads')
      : line('You fight alone, and no squad recruits right now: found your own.', 'squads');
  }
  if (o.kind === 'idle') return line(`${o.squad.name} has nothing on: propose a siege or a mission.`, 'squads');
  const where = o.event.kind === 'operation' ? 'operations' : 'territory';
  return line(`${o.squad.name} is in ${eventWords(o.event.kind, o.event.name)}.`, where);
}

/** The personal mission in words, and where it is done (`map` missions are done on the map). */
export function missionLine(m: DailyBundleDto['personalMission']): TodayLine {
  if (m.kind === 'tutorial') return line(`${m.title} — ${m.brief}`, m.panel === 'map' ? null : m.panel);
  if (m.kind === 'operation') return line(m.joined ? `Keep pushing ${m.name}: you are in it.` : `Join ${m.name}.`, 'operations');
  return line('Nothing assigned today: the trending operation could use you.', 'operations');
}

/** The login bonus in words: "Claimed: day 3 of your streak — +130 credits, +57 XP, +30 CPU cycles." */
export function loginBonusWords(b: DailyBundleDto['loginBonus']): string {
  const extras = [b.liberationKeys ? `+${b.liberationKeys} liberation key` : null, b.truthTokens ? `+${b.truthTokens} truth token` : null, b.title ? `the title “${b.title}”` : null].filter(Boolean);
  const paid = [`+${b.credits} credits`, `+${b.xp} XP`, `+${b.cpuCycles} CPU cycles`, ...extras].join(', ');
  return b.claimedToday ? `Claimed: day ${b.streak} of your streak — ${paid}.` : `Waiting: sign in today for day ${b.streak} of your streak — ${paid}.`;
}

/** The trending operation in words: who is putting into it and until when. */
export function trendingWords(t: NonNullable<DailyBundleDto['trendingOperation']>, endsAt: string | null): string {
  const who = t.contributors > 0 ? `${t.contributors} contributor${t.contributors === 1 ? '' : 's'} in the last 24 h` : 'nobody has put anything in yet today';
  return `${t.name} — ${who}, ${t.participants} taking part${endsAt ? `, ends ${endsAt}` : ''}${t.joined ? ' (you are in)' : ''}.`;
}
