import { describe, expect, it } from 'vitest';
import { GameError } from '../src/errors';
import {
  GATED_CHANNELS, assertMayPost, channelAccess, chatRateAllows, dmChannel, nextGateToUnlock, openGatedChannels,
  parseChannel, sanitizeChatText, stripChatText, unlockExpiry, type ChannelViewer,
} from '../src/social/index';
import { defaultParameters } from '../src/registry';

const NOW = new Date('2027-03-01T12:00:00Z');
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const SQUAD = '33333333-3333-4333-8333-333333333333';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof GameError ? err.code : 'not a GameError';
  }
  return undefined;
};

function viewer(fields: Partial<ChannelViewer> = {}): ChannelViewer {
  return { playerId: A, role: 'player', influence: 0, squadId: null, councils: [], unlocks: [], ...fields };
}

describe('chat text', () => {
  it('sanitise: control, zero-width, bidi and tag characters are stripped; breaks become one space', () => {
    expect(sanitizeChatText('hello\u0007 <b>team</b>\u202e', 500)).toBe('hello <b>team</b>');
    expect(sanitizeChatText('a\u200bb\u200cc\u200dd\u2060e\ufeff', 500)).toBe('abcde');
    expect(sanitizeChatText('line one\r\nline\ttwo', 500)).toBe('line one line two');
    expect(sanitizeChatText('tag\u{E0041}\u{E0042} chars', 500)).toBe('tag chars');
    expect(sanitizeChatText('  padded  ', 500)).toBe('padded');
    expect(sanitizeChatText('lone \ud800 surrogate', 500)).toBe('lone surrogate');
    expect(stripChatText('\u0000\u001f\u007f\u0085\u009f')).toBe('');
  });

  it('sanitise: markup is kept as typed (clients render text, never HTML)', () => {
    expect(sanitizeChatText('<script>alert(1)</script> & "quotes"', 500)).toBe('<script>alert(1)</script> & "quotes"');
  });

  it('limits: empty after stripping is BAD_REQUEST; 500 characters pass, 501 are CHAT_TOO_LONG', () => {
    expect(codeOf(() => sanitizeChatText('', 500))).toBe('BAD_REQUEST');
    expect(codeOf(() => sanitizeChatText(' \u200b\u0007\n ', 500))).toBe('BAD_REQUEST');
    expect(sanitizeChatText('x'.repeat(500), 500)).toHaveLength(500);
    expect(codeOf(() => sanitizeChatText('x'.repeat(501), 500))).toBe('CHAT_TOO_LONG');
    // Characters are code points: 500 emoji (1000 UTF-16 units) pass.
    expect([...sanitizeChatText('🙂'.repeat(500), 500)]).toHaveLength(500);
    // Stripped characters do not count.
    expect(sanitizeChatText('x'.repeat(500) + '\u200b'.repeat(50), 500)).toHaveLength(500);
    expect(defaultParameters().chat_max_chars).toBe(500);
  });

  it('rate window: 5 messages per 10 s; the sixth waits until the oldest leaves the window', () => {
    const limits = { maxPerWindow: defaultParameters().chat_messages_per_window, windowSeconds: defaultParameters().chat_window_seconds };
    expect(limits).toEqual({ maxPerWindow: 5, windowSeconds: 10 });
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    const sent = [0, 1000, 2000, 3000].map(at);
    expect(chatRateAllows(sent, at(4000), limits)).toEqual({ allowed: true, retryAfterMs: 0 });
    const five = [...sent, at(4000)];
    expect(chatRateAllows(five, at(4500), limits)).toEqual({ allowed: false, retryAfterMs: 5500 });
    // At exactly 10 s after the first, it has left the window.
    expect(chatRateAllows(five, at(10_000), limits).allowed).toBe(true);
    expect(chatRateAllows(five, at(9_999), limits)).toEqual({ allowed: false, retryAfterMs: 1 });
  });
});

describe('channels', () => {
  it('keys: fixed channels, squad, dm (ordered pair), handler, council; anything else is null', () => {
    expect(parseChannel('global')).toEqual({ kind: 'global' });
    expect(parseChannel('emergency')).toEqual({ kind: 'emergency' });
    expect(parseChannel('handler-net')).toEqual({ kind: 'gated', gate: 'handler-net', minInfluence: 500 });
    expect(parseChannel(`squad:${SQUAD}`)).toEqual({ kind: 'squad', squadId: SQUAD });
    expect(dmChannel(B, A)).toBe(`dm:${A}:${B}`);
    expect(parseChannel(dmChannel(B, A))).toEqual({ kind: 'dm', playerIds: [A, B] });
    expect(parseChannel(`dm:${B}:${A}`)).toBeNull();
    expect(parseChannel(`dm:${A}:${A}`)).toBeNull();
    expect(codeOf(() => dmChannel(A, A))).toBe('BAD_REQUEST');
    expect(parseChannel(`handler:${A}`)).toEqual({ kind: 'handler', playerId: A });
    expect(parseChannel('council:player')).toEqual({ kind: 'council', council: 'player' });
    for (const bad of ['', 'Global', 'squad:', 'squad:x', `squad:${SQUAD}:x`, 'dm:a:b', 'council:', 'council:Bad!', 'x'.repeat(200)]) {
      expect(parseChannel(bad)).toBeNull();
    }
  });

  it('gates are the §1 unlocks: classified 100, handler-net 500, strategic 1000, council 5000', () => {
    expect(GATED_CHANNELS.map((g) => [g.channel, g.minInfluence])).toEqual([
      ['classified', 100], ['handler-net', 500], ['strategic', 1000], ['council', 5000],
    ]);
    expect(openGatedChannels(viewer({ influence: 99.9 }), NOW)).toEqual([]);
    expect(openGatedChannels(viewer({ influence: 100 }), NOW)).toEqual(['classified']);
    expect(openGatedChannels(viewer({ influence: 1000 }), NOW)).toEqual(['classified', 'handler-net', 'strategic']);
    expect(openGatedChannels(viewer({ influence: 5000 }), NOW)).toEqual(['classified', 'handler-net', 'strategic', 'council']);
  });

  it('gates: a player whose influence decays below the gate loses access (read and post)', () => {
    const ref = parseChannel('strategic')!;
    expect(channelAccess(ref, viewer({ influence: 1000 }), NOW)).toEqual({ read: true, via: 'influence' });
    const decayed = viewer({ influence: 990 });
    expect(channelAccess(ref, decayed, NOW)).toMatchObject({ read: false, code: 'CHANNEL_LOCKED' });
    expect(codeOf(() => assertMayPost(ref, decayed, NOW))).toBe('CHANNEL_LOCKED');
  });

  it('key unlock: opens the next gate above the player\'s own, for 7 days, and expires', () => {
    expect(nextGateToUnlock({ influence: 0, unlocks: [] }, NOW)).toBe('classified');
    expect(nextGateToUnlock({ influence: 150, unlocks: [] }, NOW)).toBe('handler-net');
    expect(nextGateToUnlock({ influence: 5000, unlocks: [] }, NOW)).toBeNull();
    const expiresAt = unlockExpiry(NOW, defaultParameters().gated_channel_unlock_days);
    expect(expiresAt.toISOString()).toBe('2027-03-08T12:00:00.000Z');
    const unlocked = viewer({ influence: 150, unlocks: [{ channel: 'handler-net', expiresAt }] });
    const ref = parseChannel('handler-net')!;
    expect(channelAccess(ref, unlocked, NOW)).toEqual({ read: true, via: 'unlock', expiresAt });
    // A second key stacks on the highest open gate.
    expect(nextGateToUnlock(unlocked, NOW)).toBe('strategic');
    // One millisecond before expiry it is open, at expiry it is closed.
    expect(channelAccess(ref, unlocked, new Date(expiresAt.getTime() - 1)).read).toBe(true);
    expect(channelAccess(ref, unlocked, expiresAt)).toMatchObject({ read: false, code: 'CHANNEL_LOCKED' });
    expect(nextGateToUnlock(unlocked, expiresAt)).toBe('handler-net');
    // An unlock does not open the gates below it.
    expect(channelAccess(parseChannel('classified')!, viewer({ unlocks: [{ channel: 'handler-net', expiresAt }] }), NOW).read).toBe(false);
  });

  it('squad, dm and handler threads are private; councils for sitting members; staff read the rest', () => {
    const squad = parseChannel(`squad:${SQUAD}`)!;
    expect(channelAccess(squad, viewer({ squadId: SQUAD }), NOW).read).toBe(true);
    expect(channelAccess(squad, viewer({ squadId: null }), NOW)).toMatchObject({ read: false, code: 'NOT_SQUAD_MEMBER' });
    expect(channelAccess(squad, viewer({ role: 'admin' }), NOW)).toMatchObject({ read: false, code: 'NOT_SQUAD_MEMBER' });
    const dm = parseChannel(dmChannel(A, B))!;
    expect(channelAccess(dm, viewer({ playerId: B }), NOW).read).toBe(true);
    expect(channelAccess(dm, viewer({ playerId: SQUAD, role: 'admin' }), NOW)).toMatchObject({ read: false, code: 'FORBIDDEN' });
    const handler = parseChannel(`handler:${A}`)!;
    expect(channelAccess(handler, viewer(), NOW).read).toBe(true);
    expect(channelAccess(handler, viewer({ playerId: B }), NOW)).toMatchObject({ read: false, code: 'FORBIDDEN' });
    expect(channelAccess(handler, viewer({ playerId: B, role: 'moderator' }), NOW).read).toBe(false);
    expect(channelAccess(handler, viewer({ playerId: B, role: 'gm' }), NOW)).toEqual({ read: true, via: 'staff' });
    const council = parseChannel('council:technical')!;
    expect(channelAccess(council, viewer({ councils: ['technical'] }), NOW)).toEqual({ read: true, via: 'member' });
    expect(channelAccess(council, viewer({ councils: ['player'], influence: 9000 }), NOW)).toMatchObject({ read: false, code: 'CHANNEL_LOCKED' });
    expect(channelAccess(parseChannel('council')!, viewer({ role: 'moderator' }), NOW)).toEqual({ read: true, via: 'staff' });
  });

  it('emergency: everyone reads, only GMs post', () => {
    const ref = parseChannel('emergency')!;
    expect(channelAccess(ref, viewer(), NOW).read).toBe(true);
    expect(codeOf(() => assertMayPost(ref, viewer({ role: 'moderator' }), NOW))).toBe('FORBIDDEN');
    expect(codeOf(() => assertMayPost(ref, viewer({ role: 'gm' }), NOW))).toBeUndefined();
  });
});
