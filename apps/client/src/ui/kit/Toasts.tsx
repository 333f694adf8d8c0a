/**
 * Toasts: server refusals in words, notices, rewards and level-ups, newest last. The error
 * code is kept in `data-code` for tests and never printed next to the words.
 */
import { useStore } from 'zustand';
import { humanizeTimes } from '../../state/time';
import { dismissToast, worldStore } from '../../state/worldStore';
import { IconButton } from './Button';

const ICONS: Record<string, string> = { error: '!', info: 'i', success: '✓', reward: '★', urgent: '⚠' };

export function Toasts() {
  const toasts = useStore(worldStore, (s) => s.toasts);
  return (
    <div className="kit-toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <div key={t.id} className={`kit-toast kit-toast-${t.kind}`} data-testid="toast" data-code={t.code} data-kind={t.kind} role={t.kind === 'error' || t.kind === 'urgent' ? 'alert' : 'status'}>
          <span className="kit-toast-icon" aria-hidden="true">{ICONS[t.kind] ?? 'i'}</span>
          <div className="kit-toast-body">
            {t.title ? <strong className="kit-toast-title">{t.title}</strong> : null}
            <span className="kit-toast-text">{humanizeTimes(t.text)}</span>
          </div>
          <IconButton label="Dismiss" className="kit-toast-close" onClick={() => dismissToast(t.id)}>×</IconButton>
        </div>
      ))}
    </div>
  );
}
