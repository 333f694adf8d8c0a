/**
 * A GM's decision on a fair-play flag (GAME §9): dismiss, warn (a handler message in the player's
 * handler thread), mute, ban, or reverse a reward (a compensating ledger transfer). The action,
 * the flag's new status and the audit lines commit in one transaction; what other processes must
 * hear (the message, the mute, the ban) is published after the commit.
 */
import {
  banPlayer, decideFlagTx, lockFlagTx, mutePlayer, postSocialMessage, reverseRewardTx, withTransaction,
  type FairPlayFlag, type StaffActor,
} from '@datavism/db';
import { GameError, handlerChannelKey, sanitizeChatText } from '@datavism/rules';
import type { FlagActionBody } from '@datavism/shared-schema';
import type { Services } from '../context';
import { announceModeration } from '../social/moderation';
import { publishSocial } from '../social/publish';
import { socialRuntime } from '../social/runtime';
import { audienceOf, toChatDto } from '../social/service';

export interface FlagActionResult {
  flag: FairPlayFlag;
  /** What the action did: the handler message id, the mute's or ban's end, the reversal transfer. */
  outcome: Record<string, unknown>;
}

function mustBeFlagged(flag: FairPlayFlag, playerId: string): void {
  if (!flag.playerIds.includes(playerId)) throw new GameError('BAD_REQUEST', 'that player is not one of the flag\'s accounts');
}

/** Applies one decision to flag `flagId` as `by` (a gm or admin; the route checked the role). */
export async function actOnFlag(s: Services, flagId: number, body: FlagActionBody, by: StaffActor): Promise<FlagActionResult> {
  const now = new Date();
  const after: Array<() => Promise<void>> = [];
  const result = await withTransaction(s.database.db, async (tx): Promise<FlagActionResult> => {
    const flag = await lockFlagTx(tx, flagId);
    switch (body.action) {
      case 'dismiss':
        return { flag: await decideFlagTx(tx, flag, { decision: 'dismiss', by, now, details: { reason: body.reason ?? null } }), outcome: {} };
      case 'warn': {
        mustBeFlagged(flag, body.playerId);
        const { text, masked } = socialRuntime(s).filter.mask(sanitizeChatText(body.message, s.parameters.get('chat_max_chars')));
        const channel = handlerChannelKey(body.playerId);
        const stored = await postSocialMessage(tx, {
          channel, authorId: by.id, body: text, masked, now, asHandler: true, limits: null,
          audit: { action: 'handler.reply', targetPlayerId: body.playerId },
        });
        const message = toChatDto(stored);
        after.push(async () => publishSocial(s, { kind: 'message', message, ...(await audienceOf(s, { kind: 'handler', playerId: body.playerId })) }));
        const decided = await decideFlagTx(tx, flag, { decision: 'warn', by, now, targetPlayerId: body.playerId, details: { messageId: stored.id } });
        return { flag: decided, outcome: { messageId: stored.id, channel } };
      }
      case 'mute': {
        mustBeFlagged(flag, body.playerId);
        const until = new Date(now.getTime() + body.minutes * 60_000);
        await mutePlayer(tx, { playerId: body.playerId, channel: body.channel, until, reason: body.reason, by, now });
        after.push(async () => { await announceModeration(s, { action: 'mute', playerId: body.playerId, channel: body.channel, until: until.toISOString() }); });
        const decided = await decideFlagTx(tx, flag, {
          decision: 'mute', by, now, targetPlayerId: body.playerId, details: { until: until.toISOString(), channel: body.channel, reason: body.reason },
        });
        return { flag: decided, outcome: { until: until.toISOString(), channel: body.channel } };
      }
      case 'ban': {
        mustBeFlagged(flag, body.playerId);
        const until = body.minutes === null ? null : new Date(now.getTime() + body.minutes * 60_000);
        await banPlayer(tx, { playerId: body.playerId, until, reason: body.reason, by, now });
        // After the commit this process refuses the player at once; the event makes every process close their connections.
        after.push(async () => { await announceModeration(s, { action: 'ban', playerId: body.playerId, channel: null, until: until?.toISOString() ?? null }); });
        const decided = await decideFlagTx(tx, flag, {
          decision: 'ban', by, now, targetPlayerId: body.playerId, details: { until: until?.toISOString() ?? null, reason: body.reason },
        });
        return { flag: decided, outcome: { until: until?.toISOString() ?? null } };
      }
      case 'reverse': {
        const reversal = await reverseRewardTx(tx, { transferId: body.transferId, by, reason: body.reason, allowedPlayers: flag.playerIds, flagId: flag.id });
        const decided = await decideFlagTx(tx, flag, {
          decision: 'reverse', by, now, targetPlayerId: reversal.playerId, details: { transferId: body.transferId, reversalId: reversal.reversalId },
        });
        return { flag: decided, outcome: reversal };
      }
    }
  });
  for (const publish of after) {
    await publish().catch((err: unknown) => s.logger.error({ err, flagId }, 'flag action committed but not announced'));
  }
  return result;
}
