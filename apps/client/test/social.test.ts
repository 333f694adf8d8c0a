import { describe, expect, it } from 'vitest';
import type { ChannelInfoDto, ChatMessageDto } from '@datavism/shared-schema';
import {
  badgeCount, lockedGates, mergeMessages, orderChannels, tombstone, unreadTotal, withoutBlocked,
} from '../src/features/social/socialView';

const msg = (id: number, authorId: string | null = 'a', body = `line ${id}`): ChatMessageDto => ({
  id, channel: 'global', authorId, authorName: authorId ?? 'Handler', body, masked: false, removed: null, createdAt: '2026-01-01T00:00:00Z',
});
const chan = (channel: string, kind: ChannelInfoDto['kind'], extra: Partial<ChannelInfoDto> = {}): ChannelInfoDto => ({
  channel, kind, title: channel, unread: 0, lastReadId: 0, lastMessageId: null, access: 'everyone', ...extra,
});

describe('chat dock helpers', () => {
  it('merges a page back and live lines by id, oldest first; a later copy (a tombstone) wins', () => {
    const held = [msg(5), msg(7)];
    const merged = mergeMessages(held, [msg(3), msg(7, 'a', 'edited'), msg(9)]);
    expect(merged.map((m) => m.id)).toEqual([3, 5, 7, 9]);
    expect(merged[2].body).toBe('edited');
  });

  it('a removed line keeps its place with no text', () => {
    const lines = tombstone([msg(1), msg(2), msg(3)], 2, 'moderator');
    expect(lines.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(lines[1]).toMatchObject({ body: '', removed: 'moderator' });
    expect(lines[0].removed).toBeNull();
  });

  it('hides blocked players but never the handler', () => {
    const lines = [msg(1, 'x'), msg(2, 'y'), msg(3, null)];
    expect(withoutBlocked(lines, new Set(['x'])).map((m) => m.id)).toEqual([2, 3]);
  });

  it('orders tabs: global, squad, gated, council, handler, emergency, then DMs newest first', () => {
    const list = [
      chan('dm:1:2', 'dm', { lastMessageId: 4 }), chan('emergency', 'emergency'), chan('handler:9', 'handler'), chan('dm:1:3', 'dm', { lastMessageId: 8 }),
      chan('classified', 'gated'), chan('squad:5', 'squad'), chan('global', 'global'),
    ];
    expect(orderChannels(list).map((c) => c.channel)).toEqual(['global', 'squad:5', 'classified', 'handler:9', 'emergency', 'dm:1:3', 'dm:1:2']);
  });

  it('lists the gates not in the list, and which one a liberation key opens next (GAME §8.1)', () => {
    expect(lockedGates([chan('global', 'global')])).toEqual([
      { channel: 'classified', title: 'Classified', minInfluence: 100, rank: 'Initiate', nextForKey: true },
      { channel: 'handler-net', title: 'Handler Net', minInfluence: 500, rank: 'Operative', nextForKey: false },
      { channel: 'strategic', title: 'Strategic Command', minInfluence: 1000, rank: 'Warrior', nextForKey: false },
      { channel: 'council', title: 'Council', minInfluence: 5000, rank: 'Commander', nextForKey: false },
    ]);
    const withClassified = lockedGates([chan('global', 'global'), chan('classified', 'gated')]);
    expect(withClassified.map((g) => [g.channel, g.nextForKey])).toEqual([['handler-net', true], ['strategic', false], ['council', false]]);
  });

  it('counts unread for the badge, capped in words', () => {
    expect(unreadTotal([chan('global', 'global', { unread: 3 }), chan('dm:1:2', 'dm', { unread: 100 })])).toBe(103);
    expect(badgeCount(0)).toBeUndefined();
    expect(badgeCount(7)).toBe('7');
    expect(badgeCount(103)).toBe('99+');
  });
});
