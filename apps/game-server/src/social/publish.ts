import type { SocialEvent } from '@datavism/shared-schema';
import { channel, type Services } from '../context';

/** The one presence channel every social room (on every process) listens to. */
export function socialChannel(s: Pick<Services, 'config'>): string {
  return channel(s.config, 'social');
}

/**
 * Publishes a social event to every social room on every process (chat lines, tombstones,
 * emergency banners, notifications, moderation). Any feature may call it, e.g.
 * `publishSocial(s, { kind: 'notification', playerIds, notification })`.
 */
export async function publishSocial(s: Pick<Services, 'config' | 'presence'>, event: SocialEvent): Promise<void> {
  await s.presence.publish(socialChannel(s), event);
}
