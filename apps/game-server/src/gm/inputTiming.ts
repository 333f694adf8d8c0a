/**
 * Automated-input detection in the rooms' hot path (GAME §9): each client's input arrival times
 * go into a tiny ring buffer (`InputTimingMonitor`, 64 doubles per client), assessed every 64
 * inputs; a session that turns automated is written as a flag, off the hot path.
 *
 * A room calls `recordInputTiming(sessionId, playerId, Date.now())` at its message edge for each
 * movement/action input and `forgetInputTiming(sessionId)` when the client leaves.
 */
import { recordFlags } from '@datavism/db';
import { InputTimingMonitor } from '@datavism/rules';
import { services, type Services } from '../context';
import { alertFlags } from './alerts';

const monitors = new WeakMap<Services, InputTimingMonitor>();

function monitorOf(s: Services): InputTimingMonitor {
  let m = monitors.get(s);
  if (!m) monitors.set(s, (m = new InputTimingMonitor()));
  return m;
}

/** Records one input of a client at `now` (epoch ms). O(1); every 64th input assesses a window. */
export function recordInputTiming(sessionId: string, playerId: string, now: number): void {
  const s = services();
  const flag = monitorOf(s).record(sessionId, playerId, now);
  if (!flag) return;
  void recordFlags(s.database.db, [flag], new Date(now))
    .then((stored) => alertFlags(s, stored))
    .catch((err: unknown) => {
      s.metrics.errors.inc({ where: 'fairplay:input-timing' });
      s.logger.error({ err, playerId }, 'could not store an automated-input flag');
    });
}

/** Drops a client's ring buffer (it left the room). */
export function forgetInputTiming(sessionId: string): void {
  monitorOf(services()).forget(sessionId);
}
