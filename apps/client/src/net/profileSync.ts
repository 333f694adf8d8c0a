/**
 * Keeps the HUD's profile fresh: any action that can change balances, XP or level asks for a
 * refresh (debounced into one `GET /api/me`), a slow poll catches what the server changes on its
 * own (operation payouts, decay), and every profile update that brings something is announced:
 * "Level up!", "New rank", "+50 XP · +10 CPU cycles". Framework-free.
 */
import { describeGains, profileGains } from '../state/profileView';
import { sessionStore } from '../state/sessionStore';
import { pushToast } from '../state/worldStore';
import { refreshProfile } from './session';

const DEBOUNCE_MS = 250;
/** Background refresh while playing: payouts and income arrive without an action of ours. */
export const PROFILE_POLL_MS = 60_000;

let timer: ReturnType<typeof setTimeout> | null = null;
/** Until then, resource gains are not toasted: the action that caused them already said so. */
let quietUntil = 0;

/**
 * Asks for a profile refresh soon (many calls in a burst make one request). With `quiet`, the
 * caller already announced what changed (a swap receipt, a fill), so only level-ups are toasted.
 */
export function requestProfileRefresh(opts: { quiet?: boolean } = {}): void {
  if (opts.quiet) quietUntil = Date.now() + 3000;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void refreshProfile().catch(() => undefined);
  }, DEBOUNCE_MS);
}

/** Starts announcing profile gains and polling; returns a function that stops both. */
export function startProfileSync(): () => void {
  const unsubscribe = sessionStore.subscribe((s, prev) => {
    if (!s.profile || s.profile === prev.profile) return;
    const g = profileGains(prev.profile, s.profile);
    if (!g) return;
    const gained = describeGains(g);
    if (g.levelsGained > 0) pushToast('reward', `You reached level ${g.newLevel}.${gained ? ` ${gained}` : ''}`, undefined, 'Level up!');
    else if (g.newRank) pushToast('reward', `Your influence makes you ${g.newRank}.`, undefined, 'New rank');
    else if (gained && (Date.now() > quietUntil || g.xp > 0)) pushToast('reward', gained);
    if (g.levelsGained > 0 && g.newRank) pushToast('reward', `Your influence makes you ${g.newRank}.`, undefined, 'New rank');
  });
  const poll = setInterval(() => void refreshProfile().catch(() => undefined), PROFILE_POLL_MS);
  return () => {
    unsubscribe();
    clearInterval(poll);
  };
}
