/**
 * Server refusals in the player's words. The server's `code` is stable; its `message` is written
 * for developers and may quote internal ids (`player:af1b… holds less than …`), so players see
 * the words for the code, plus a detail only where the message carries something useful and safe
 * (a cooldown's seconds, a form field's complaint). Pure; no React.
 */
import type { ErrorCode } from '@datavism/rules';
import { formatDuration } from './time';
import { resourceLabel } from './profileView';

/** Words for every server error code, plus the client's own (`NETWORK`, `NOT_CONNECTED`, …). */
export const ERROR_WORDS: Partial<Record<ErrorCode, string>> & Record<string, string> = {
  BAD_REQUEST: 'That request was not valid.',
  UNAUTHORIZED: 'Your session has expired. Please log in again.',
  FORBIDDEN: 'You are not allowed to do that.',
  NOT_FOUND: 'That no longer exists.',
  RATE_LIMITED: 'Too many requests. Wait a moment and try again.',
  NAME_TAKEN: 'That name is already taken.',
  INVALID_CREDENTIALS: 'Wrong name or password.',
  INSUFFICIENT_FUNDS: 'You do not hold enough for that.',
  OWN_CHALLENGE: 'You cannot solve a challenge you created.',
  OWN_BOUNTY: 'You cannot claim your own bounty.',
  BOUNTY_CLOSED: 'That bounty is closed: paid, refunded or past its deadline.',
  BOUNTY_NOT_FULFILLED: 'The server found no fulfilment by you since the bounty was posted; your staked truth token was burned.',
  SOUL_BOUND: 'That resource is soul-bound: it cannot be traded.',
  ORDER_NOT_FOUND: 'That order is no longer open.',
  SLIPPAGE_EXCEEDED: 'The price moved before your swap: check the new quote and try again.',
  BID_TOO_LOW: 'Your bid is below the minimum: the reserve, then +5 % over the top bid.',
  AUCTION_CLOSED: 'This auction has ended.',
  UNKNOWN_TERRITORY: 'That territory does not exist.',
  LIBERATION_KEY_REQUIRED: 'A restricted territory costs 1 liberation key to enter, and you hold none. Keys come from a 7-day login streak and secret missions, or the market.',
  ALREADY_DEPLOYED: 'You are already deployed there.',
  IN_TRANSIT: 'You are still travelling: wait until you arrive.',
  NOT_DEPLOYED: 'Deploy to that territory first.',
  NOT_ADJACENT: 'Your squad can only besiege a territory next to one it holds.',
  TERRITORY_LIMIT: 'Your squad holds as many territories as its level allows (5 per level).',
  TERRITORY_NOT_NEUTRAL: 'Only a neutral territory can be claimed.',
  PARAMETER_OUT_OF_BOUNDS: 'That value is outside the parameter’s allowed range.',
  UNKNOWN_PARAMETER: 'That parameter does not exist.',
  NOT_SQUAD_MEMBER: 'You are not a member of that squad.',
  NOT_SQUAD_OFFICER: 'Only the squad’s leader or officers can do that.',
  NOT_SQUAD_LEADER: 'Only the squad leader can do that.',
  ALREADY_IN_SQUAD: 'You are already in a squad.',
  SQUAD_FULL: 'That squad is full.',
  SQUAD_CLOSED: 'That squad is not recruiting.',
  SQUAD_NOT_ACTIVE: 'Your squad is not active yet: it needs its class minimum of members.',
  REQUIREMENTS_NOT_MET: 'You do not meet the requirements for that yet.',
  DECISION_REQUIRED: 'That needs a squad decision: propose it and let the squad vote.',
  WITHDRAWAL_LIMIT: 'That is more than today’s withdrawal allowance (10 % per day).',
  SIEGE_COOLDOWN: 'That territory cannot be besieged again yet.',
  SIEGE_IN_PROGRESS: 'A siege is already running there.',
  DECISION_CLOSED: 'That vote has closed.',
  ALREADY_VOTED: 'You have already voted.',
  ALREADY_DONE: 'That has already been done.',
  OPERATION_NOT_ACTIVE: 'That operation is not active.',
  OBJECTIVE_COMPLETE: 'That objective is already complete.',
  REPLAYED: 'That request was already handled.',
  ALREADY_CONFIRMED: 'You have already confirmed that claim.',
  WRONG_ANSWER: 'That is not the answer. Look again.',
  CHALLENGE_NOT_OPEN: 'That challenge is not open.',
  CHAT_TOO_LONG: 'That message is too long (500 characters at most).',
  CHAT_RATE_LIMITED: 'You are sending messages too fast.',
  CHANNEL_LOCKED: 'That channel is locked for you.',
  BLOCKED: 'That player has blocked you.',
  MUTED: 'You are muted.',
  BANNED: 'You are banned from that.',
  NOT_AUTHOR: 'Only the author can do that.',
  SELF_ENDORSEMENT: 'You cannot endorse yourself.',
  ENDORSED_TODAY: 'You have already endorsed someone today.',
  ENDORSED_RECENTLY: 'You endorsed that player less than 7 days ago.',
  MENTOR_FULL: 'That mentor already has as many mentees as they may.',
  ALREADY_MENTORED: 'You already have a mentor, or a request waiting for an answer.',
  ALREADY_RATED: 'You have already rated this mentorship.',
  PAIRING_NOT_ACTIVE: 'That mentorship is not at that step any more: refresh.',
  HANDOVER_FAILED: 'Moving you to that region failed. Try the deploy again.',
  UNKNOWN_REGION: 'That region does not exist.',
  SUPERSEDED: 'You signed in again somewhere else: this window was disconnected.',
  WRONG_REGION: 'You are not in that region any more: the map is catching up.',
  UNAVAILABLE: 'That part of the network is briefly unavailable. Try again in a moment.',
  INTERNAL: 'Something went wrong on the server. Try again in a moment.',
  // client-side
  NETWORK: 'Cannot reach the server.',
  NOT_CONNECTED: 'Not connected yet: wait a moment.',
  CONFLICT: 'That clashes with the current state: refresh and try again.',
};

/** Internal identifiers a server message may quote: account keys, UUIDs, long hex runs. */
const INTERNAL_ID = /\b(?:player|squad|escrow|treasury|system|account):[\w-]+|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b[0-9a-f]{16,}\b/gi;

/** True if a server message is fit to show a player (no internal ids, not too long). */
function safeDetail(message: string): boolean {
  INTERNAL_ID.lastIndex = 0;
  return message.length > 0 && message.length <= 160 && !INTERNAL_ID.test(message);
}

/** snake_case resource names in a message become their labels ("cpu_cycles" → "CPU cycles"). */
function humanise(message: string): string {
  return message.replace(/\b[a-z]+(?:_[a-z]+)+\b/g, (w) => resourceLabel(w, w.replace(/_/g, ' ')));
}

export interface FieldIssue {
  path: string;
  message: string;
}

/** A refusal as a player reads it: the sentence, per-field complaints, and the code (for tests). */
export interface ErrorView {
  code: string;
  text: string;
  fields: FieldIssue[];
}

/** The seconds a SIEGE_COOLDOWN / RATE_LIMITED message names ("… another 543 s"). */
function secondsIn(message: string): number | null {
  const m = /(\d+(?:\.\d+)?)\s*s\b/.exec(message);
  return m ? Number(m[1]) : null;
}

/**
 * Turns a server error (`{code, message, issues}`), an {@link Error} or anything else into words.
 * Unknown codes fall back to the server's message if it is safe to show, else a generic line.
 */
export function describeError(err: unknown): ErrorView {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown; issues?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'INTERNAL';
  const message = typeof e.message === 'string' ? e.message : typeof err === 'string' ? err : '';
  const fields: FieldIssue[] = Array.isArray(e.issues)
    ? e.issues.filter((i): i is FieldIssue => typeof i?.message === 'string').map((i) => ({ path: String(i.path ?? ''), message: humanise(i.message) }))
    : [];
  const words = ERROR_WORDS[code];

  if (code === 'SIEGE_COOLDOWN' || code === 'RATE_LIMITED') {
    const s = secondsIn(message);
    if (s !== null && s > 0) return { code, text: `${words} Try again in ${formatDuration(s * 1000)}.`, fields };
  }
  if (code === 'BAD_REQUEST') {
    if (fields.length === 0 && safeDetail(message)) {
      // "amount: must be a positive whole number" → one field issue
      const m = /^([\w.[\]]+): (.+)$/.exec(message);
      if (m) fields.push({ path: m[1], message: humanise(m[2]) });
      else return { code, text: `${words} ${capitalise(humanise(message))}.`, fields };
    }
    return { code, text: fields.length ? 'Check the form:' : words, fields };
  }
  if (words) return { code, text: words, fields };
  if (safeDetail(message)) return { code, text: capitalise(humanise(message)), fields };
  return { code, text: 'The server refused that request.', fields };
}

/** The one-line text of {@link describeError}, with field complaints appended. */
export function errorText(err: unknown): string {
  const v = describeError(err);
  if (v.fields.length === 0) return v.text;
  return `${v.text} ${v.fields.map((f) => `${fieldLabel(f.path)}: ${f.message}`).join('; ')}`;
}

/** "minOut" → "min out", "territoryId" → "territory". */
export function fieldLabel(path: string): string {
  const last = path.split('.').pop() ?? path;
  return last.replace(/Id$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase() || 'form';
}

function capitalise(s: string): string {
  const t = s.replace(/\.$/, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}
