/**
 * "Push alerts for urgent events" on this device (docs/notifications.md "Web Push"): asks the
 * browser's permission, subscribes through the service worker and registers the subscription
 * with the server; off unsubscribes. Which tiers are pushed stays the settings' Push column.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { FormErrors } from '../../ui/kit';
import { sessionStore } from '../../state/sessionStore';
import { disablePush, enablePush, pushState, type PushState } from './webPush';

const WORDS: Record<PushState, string> = {
  on: 'On on this device',
  off: 'Off on this device',
  blocked: 'Blocked by the browser — allow notifications for this site in the browser\'s settings',
  unsupported: 'Not supported in this browser',
};

export function PushToggle() {
  const token = useStore(sessionStore, (s) => s.token);
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (!token) return;
    let live = true;
    pushState(token).then((s) => { if (live) setState(s); }, (err: unknown) => { if (live) { setState('off'); setError(err); } });
    return () => { live = false; };
  }, [token]);

  const change = async (on: boolean) => {
    if (!token) return;
    setBusy(true);
    setError(null);
    try {
      setState(await (on ? enablePush(token) : disablePush(token)));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const usable = state === 'on' || state === 'off';
  return (
    <fieldset className="inbox-push" style={{ border: 0, margin: 0, padding: 0 }} data-testid="push-toggle">
      <legend className="kit-field-label">Push alerts</legend>
      <label className="inbox-topic">
        <input type="checkbox" className="kit-input" checked={state === 'on'} disabled={!usable || busy}
          onChange={(e) => void change(e.target.checked)} data-testid="push-toggle-input" />
        {' '}Push alerts for urgent events
      </label>
      <p className="muted small" role="status" data-testid="push-state">{state ? (busy ? 'Working…' : WORDS[state]) : 'Checking…'}</p>
      <FormErrors error={error} testId="push-error" />
    </fieldset>
  );
}
