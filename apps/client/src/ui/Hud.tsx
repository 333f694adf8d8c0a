/** The player's HUD: identity, rank, influence, level/XP, login streak and balances. */
import { logout } from '../net/session';
import { formatAmount, RESOURCE_LABELS, xpProgress } from '../state/profileView';
import { useSession } from './hooks';

export function Hud() {
  const profile = useSession((s) => s.profile);
  if (!profile) return <div className="hud" data-testid="hud">Loading profile…</div>;
  const xp = xpProgress(profile.level, profile.xp, profile.xpForNextLevel);
  return (
    <div className="hud" data-testid="hud">
      <div className="hud-row hud-identity">
        <span className="hud-name" data-testid="hud-name">{profile.name}</span>
        <span className="hud-rank" data-testid="hud-rank">{profile.rank}</span>
        <button className="link-button" onClick={logout} title="Log out">Log out</button>
      </div>
      <div className="hud-row">
        <span>Influence <b data-testid="hud-influence">{Math.round(profile.influence).toLocaleString()}</b></span>
        <span>Streak <b data-testid="hud-streak">{profile.loginStreak}</b>d</span>
      </div>
      <div className="hud-row hud-level">
        <span>Lv <b data-testid="hud-level">{profile.level}</b></span>
        <div className="xp-bar" title={`${xp.into} / ${xp.span} XP in this level`}>
          <div className="xp-fill" style={{ width: `${(xp.fraction * 100).toFixed(1)}%` }} />
        </div>
        <span className="xp-text" data-testid="hud-xp">{profile.xp.toLocaleString()} XP</span>
      </div>
      <div className="hud-balances" data-testid="hud-balances">
        {RESOURCE_LABELS.map(([key, label]) => (
          <div key={key} className="balance" data-testid={`balance-${key}`}>
            <span className="balance-label">{label}</span>
            <span className="balance-value">{formatAmount(profile.balances[key])}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
