/** A full-screen waiting state: restoring, loading the game, or reconnecting while offline. */
import { logout } from '../net/session';
import { Button } from './kit';

export function Splash({ title, detail, offline }: { title: string; detail?: string; offline?: boolean }) {
  return (
    <div className="splash" data-testid={offline ? 'offline-screen' : 'splash'} role="status" aria-live="polite">
      <div className="splash-card">
        <div className="logo" aria-hidden="true">DATAVISM</div>
        <div className="splash-row"><span className="kit-spinner" aria-hidden="true" />{title}</div>
        {detail ? <p className="muted">{detail}</p> : null}
        {offline ? <Button variant="ghost" size="sm" onClick={logout}>Use another account</Button> : null}
      </div>
    </div>
  );
}
