import {
  addFilterTerm, banPlayer, blockPlayer, dismissReport, mutePlayer, removeFilterTerm, removeSocialMessage, reportMessage,
  unbanPlayer, unblockPlayer, unmutePlayer, type Moderator,
} from '@datavism/db';
import type { SocialEvent } from '@datavism/shared-schema';
import type { Services } from '../context';
import { publishSocial } from './publish';
import { socialRuntime } from './runtime';
import { announceRemoval } from './service';

/**
 * Moderation (GAME §8.1, §9): each action is stored with its audit line in one transaction
 * (packages/db), then announced on the social presence channel so every process applies it
 * within milliseconds: a mute is checked in the database on every post anyway, a ban also closes
 * the player's connections and refuses their requests on every process.
 */

type ModerationEvent = Extract<SocialEvent, { kind: 'moderation' }>;

/**
 * Tells every process about a committed mute, unmute, ban or unban: a ban or unban applies on this
 * process at once (requests and joins refused, connections closed), then goes out on the social
 * presence channel to the others. Call it after the transaction that stored the action commits.
 */
export async function announceModeration(s: Services, e: Omit<ModerationEvent, 'kind'>): Promise<ModerationEvent> {
  const event: ModerationEvent = { kind: 'moderation', ...e };
  if (event.action === 'ban' || event.action === 'unban') socialRuntime(s).applyModeration(event);
  await publishSocial(s, event);
  return event;
}

/** Any player reports a message they can read. */
export async function report(s: Services, playerId: string, messageId: number, reason: string): Promise<{ id: number }> {
  return reportMessage(s.database.db, { messageId, reporterId: playerId, reason, now: new Date() });
}

/** A moderator removes a message: a tombstone for every reader, its reports resolved, audited. */
export async function removeAsModerator(s: Services, by: Moderator, messageId: number, reason?: string): Promise<{ changed: boolean }> {
  const { message, changed } = await removeSocialMessage(s.database.db, {
    messageId, byId: by.id, byRole: by.role, kind: 'moderator', reason, now: new Date(),
  });
  if (changed) await announceRemoval(s, message, 'moderator');
  return { changed };
}

/** A moderator dismisses a report (audited). */
export async function dismiss(s: Services, by: Moderator, reportId: number): Promise<void> {
  await dismissReport(s.database.db, { reportId, by, now: new Date() });
}

/** Mutes a player for `minutes`, in one channel or everywhere; the player is told live. */
export async function mute(
  s: Services,
  by: Moderator,
  input: { playerId: string; channel: string | null; minutes: number; reason: string },
): Promise<{ playerId: string; channel: string | null; until: string }> {
  const now = new Date();
  const until = new Date(now.getTime() + input.minutes * 60_000);
  await mutePlayer(s.database.db, { ...input, until, by, now });
  await announceModeration(s, { action: 'mute', playerId: input.playerId, channel: input.channel, until: until.toISOString() });
  return { playerId: input.playerId, channel: input.channel, until: until.toISOString() };
}

/** Lifts a player's mutes (one channel, the everywhere ones, or all). */
export async function unmute(s: Services, by: Moderator, input: { playerId: string; channel?: string | null }): Promise<{ lifted: number }> {
  const lifted = await unmutePlayer(s.database.db, { ...input, by, now: new Date() });
  await announceModeration(s, { action: 'unmute', playerId: input.playerId, channel: input.channel ?? null, until: null });
  return { lifted };
}

/**
 * Bans a player (`minutes` null: until lifted). This process refuses them at once; the event
 * makes every process do the same and close their connections in every room.
 */
export async function ban(
  s: Services,
  by: Moderator,
  input: { playerId: string; minutes: number | null; reason: string },
): Promise<{ playerId: string; until: string | null }> {
  const now = new Date();
  const until = input.minutes === null ? null : new Date(now.getTime() + input.minutes * 60_000);
  await banPlayer(s.database.db, { playerId: input.playerId, until, reason: input.reason, by, now });
  const event = await announceModeration(s, { action: 'ban', playerId: input.playerId, channel: null, until: until?.toISOString() ?? null });
  return { playerId: input.playerId, until: event.until };
}

/** Lifts a ban everywhere. */
export async function unban(s: Services, by: Moderator, playerId: string): Promise<{ lifted: number }> {
  const lifted = await unbanPlayer(s.database.db, { playerId, by, now: new Date() });
  await announceModeration(s, { action: 'unban', playerId, channel: null, until: null });
  return { lifted };
}

/** An admin adds a filter term; every process rebuilds its filter. */
export async function addTerm(s: Services, by: Moderator, term: string): Promise<{ term: string; added: boolean }> {
  const result = await addFilterTerm(s.database.db, { term, by, now: new Date() });
  await socialRuntime(s).reloadFilter();
  await publishSocial(s, { kind: 'filter' });
  return result;
}

/** An admin removes a filter term; every process rebuilds its filter. */
export async function removeTerm(s: Services, by: Moderator, term: string): Promise<void> {
  await removeFilterTerm(s.database.db, { term, by, now: new Date() });
  await socialRuntime(s).reloadFilter();
  await publishSocial(s, { kind: 'filter' });
}

/** A player blocks another; their social rooms reload the block list. */
export async function block(s: Services, playerId: string, blockedId: string): Promise<void> {
  await blockPlayer(s.database.db, playerId, blockedId, new Date());
  await publishSocial(s, { kind: 'blocks', playerId });
}

export async function unblock(s: Services, playerId: string, blockedId: string): Promise<void> {
  await unblockPlayer(s.database.db, playerId, blockedId);
  await publishSocial(s, { kind: 'blocks', playerId });
}
