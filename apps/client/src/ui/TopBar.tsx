/**
 * The HUD bar: identity and rank, level with its XP bar, influence and login streak, the six
 * balances, the inbox slot and log out. It follows the session's profile, which every action
 * that can change it refreshes (net/profileSync).
 */
import { logout } from '../net/session';
import { formatAmount, RESOURCE_LABELS, resourceLabel, xpProgress } from '../state/profileView';
import { Icon } from './icons';
import { IconButton } from './kit';
import { InboxSlot } from './Slots';
import { useSession } from './hooks';

export function TopBar() {
  const profile = useSession((s) => s.profile);
  return (
    <header className="top-bar" data-testid="hud">
      <div className="top-logo" aria-label="DATAVISM">DATAVISM</div>
      {!profile ? <div className="muted">Loading profile…</div> : (() => {
        const xp = xpProgress(profile.level, profile.xp, profile.xpForNextLevel);
        return (
          <>
            <div className="hud-identity">
              <span className="hud-name" data-testid="hud-name">{profile.name}</span>
              <span className="hud-rank" data-testid="hud-rank" title="Rank by influence">{profile.rank}</span>
            </div>
            <div className="hud-level" title={`${xp.into.toLocaleString()} / ${xp.span.toLocaleString()} XP into level ${profile.level}`}>
              <span className="hud-level-num">Lv <b data-testid="hud-level">{profile.level}</b></span>
              <div className="xp-bar" role="progressbar" aria-label="Experience in this level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(xp.fraction * 100)}>
                <div className="xp-fill" style={{ width: `${(xp.fraction * 100).toFixed(1)}%` }} />
              </div>
              <span className="hud-xp" data-testid="hud-xp">{profile.xp.toLocaleString()} XP</span>
            </div>
            <div className="hud-stat" title="Influence decides your rank, unlocks and vote weight">
              <span className="hud-stat-label">Influence</span>
              <b data-testid="hud-influence">{Math.floor(profile.influence).toLocaleString()}</b>
            </div>
            <div className="hud-stat" title="Consecutive days logged in">
              <span className="hud-stat-label">Streak</span>
              <b><span data-testid="hud-streak">{profile.loginStreak}</span> d</b>
            </div>
            <div className="hud-balances" data-testid="hud-balances">
              {RESOURCE_LABELS.map(([key, label]) => (
                <div key={key} className="balance" data-testid={`balance-${key}`} title={resourceLabel(key)}>
                  <span className="balance-label">{label}</span>
                  <span className="balance-value">{formatAmount(profile.balances[key])}</span>
                </div>
              ))}
            </div>
          </>
        );
      })()}
      <div className="top-actions">
        <InboxSlot />
        <IconButton label="Log out" onClick={logout} testId="logout"><Icon name="logout" /></IconButton>
      </div>
    </header>
  );
}
