/** Server errors and notices, newest last. */
import { dismissToast } from '../state/worldStore';
import { useWorld } from './hooks';

export function Toasts() {
  const toasts = useWorld((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} data-testid="toast" data-code={t.code} role="status">
          {t.code && t.kind === 'error' ? <span className="toast-code">{t.code}</span> : null}
          <span>{t.text}</span>
          <button className="toast-close" onClick={() => dismissToast(t.id)} aria-label="Dismiss">×</button>
        </div>
      ))}
    </div>
  );
}
