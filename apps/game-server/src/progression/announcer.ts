import { claimAnnouncements, completeAnnouncements, type AchievementAnnouncement } from '@datavism/db';
import { achievementDef } from '@datavism/rules';
import type { AchievementNoticeDto } from '@datavism/shared-schema';
import { channel, type Services } from '../context';
import { Drainer } from '../ops/drainLoop';
import { notify, type NotificationEvent } from '../notifications/index';

/** Grants one claim takes. */
const CLAIM_BATCH = 200;
/** A claim is another process's to retry after this long (its process died mid-announcement). */
const LEASE_MS = 30_000;
/** How often each process looks for grants to announce. */
export const ANNOUNCE_POLL_MS = 500;

/** The presence channel of per-player notices: every world room sends `notice` to its clients among `playerIds`. */
export function playerNoticeChannel(s: Pick<Services, 'config'>): string {
  return channel(s.config, 'player-notice');
}

/** What is published on {@link playerNoticeChannel}. */
export interface PlayerNotice {
  playerIds: string[];
  notice: AchievementNoticeDto;
}

/** The notification of one grant (tier regular; a re-announcement after a crash finds its dedupe key and writes nothing). */
export function achievementNotification(a: Pick<AchievementAnnouncement, 'playerId' | 'achievementId'>): NotificationEvent {
  const def = achievementDef(a.achievementId)!;
  return {
    kind: 'achievement', tier: 'regular', audience: { kind: 'players', playerIds: [a.playerId] },
    affects: { player: true, topic: 'achievements' }, title: `Achievement unlocked: ${def.title}`,
    body: `${def.condition}. +${def.xp} XP and the ${def.rarity} ${def.badge} badge.`, link: '/profile',
    dedupeKey: `achievement:${a.achievementId}`,
  };
}

/** The live notice (a toast) of an achievement. */
export function achievementNotice(achievementId: string): AchievementNoticeDto {
  const def = achievementDef(achievementId)!;
  return {
    kind: 'achievement', message: `Achievement unlocked: ${def.title} (+${def.xp} XP, ${def.rarity} badge)`,
    achievement: { id: def.id, title: def.title, badge: def.badge, rarity: def.rarity, xp: def.xp },
  };
}

/**
 * Announces achievements after the transactions that granted them commit (GAME §5): each grant
 * row is an outbox entry. A process claims a batch (leased, SKIP LOCKED), writes the notifications
 * through `notify()` (tier regular, deduplicated per player and achievement), tells the players'
 * world rooms (a toast), then marks the rows announced. A process that dies between notify and the
 * mark leaves the lease to run out: the next claim re-announces, and the dedupe key keeps the
 * inbox at one notification.
 */
export class AchievementAnnouncer extends Drainer {
  constructor(private readonly s: Services) {
    super(ANNOUNCE_POLL_MS, { unref: true });
  }

  protected async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.loop.stopped) return;
        const now = new Date();
        const claims = await claimAnnouncements(this.s.database.db, { now, limit: CLAIM_BATCH, leaseMs: LEASE_MS });
        if (claims.length === 0) return;
        await notify(this.s, claims.map(achievementNotification), now);
        // One presence message per achievement and batch, however many players earned it.
        const byAchievement = new Map<string, string[]>();
        for (const c of claims) byAchievement.set(c.achievementId, [...(byAchievement.get(c.achievementId) ?? []), c.playerId]);
        for (const [id, playerIds] of byAchievement) {
          const notice: PlayerNotice = { playerIds, notice: achievementNotice(id) };
          await this.s.presence.publish(playerNoticeChannel(this.s), notice);
        }
        await completeAnnouncements(this.s.database.db, claims, new Date());
        if (claims.length < CLAIM_BATCH) return;
      }
    } catch (err) {
      this.s.metrics.errors.inc({ where: 'achievements-announce' });
      this.s.logger.error({ err }, 'achievement announcement failed');
    }
  }
}
