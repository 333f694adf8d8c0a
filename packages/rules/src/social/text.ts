/**
 * Chat text as stored (GAME §8.1): plain text, control and invisible format characters removed,
 * at most `chat_max_chars` characters. Clients render it as text, never as HTML, so markup is
 * kept as typed and nothing is escaped here.
 */
import { GameError } from '../errors';

/**
 * C0/C1 controls, and the format characters that can hide or disguise text: soft hyphen,
 * combining grapheme joiner, Arabic letter mark, Mongolian vowel separator, zero-width
 * space/joiners, directional marks and embeddings/overrides/isolates, word joiner and invisible
 * operators, byte-order mark, interlinear annotation, tag characters and variation selectors.
 */
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udfff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Line breaks and tabs read as one space. */
const BREAKS = /[\r\n\t\u2028\u2029\u0085\u000b\u000c]+/g;

/** Characters (code points) in a string. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The text with breaks turned into spaces and every invisible/control character removed, trimmed. */
export function stripChatText(body: string): string {
  return body.replace(BREAKS, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
}

/**
 * A chat body as stored: stripped (see {@link stripChatText}), 1..maxChars characters.
 * BAD_REQUEST when nothing is left, CHAT_TOO_LONG above the limit.
 * @example sanitizeChatText('hi\u200b there\u0007', 500) // → 'hi there'
 */
export function sanitizeChatText(body: string, maxChars: number): string {
  if (typeof body !== 'string') throw new GameError('BAD_REQUEST', 'a message is text');
  const clean = stripChatText(body);
  const length = charCount(clean);
  if (length === 0) throw new GameError('BAD_REQUEST', 'empty message');
  if (length > maxChars) throw new GameError('CHAT_TOO_LONG', `a message has at most ${maxChars} characters (got ${length})`);
  return clean;
}

/**
 * The rate window (GAME §8.1: 5 messages per 10 s per player, tunable): may a player who posted
 * at `recent` post again at `now`? `retryAfterMs` says when the oldest message in the window
 * leaves it.
 */
export function chatRateAllows(
  recent: readonly Date[],
  now: Date,
  limits: { maxPerWindow: number; windowSeconds: number },
): { allowed: boolean; retryAfterMs: number } {
  const windowMs = limits.windowSeconds * 1000;
  const inWindow = recent.map((d) => d.getTime()).filter((t) => t > now.getTime() - windowMs && t <= now.getTime()).sort((a, b) => a - b);
  if (inWindow.length < limits.maxPerWindow) return { allowed: true, retryAfterMs: 0 };
  const oldest = inWindow[inWindow.length - limits.maxPerWindow];
  return { allowed: false, retryAfterMs: oldest + windowMs - now.getTime() };
}
