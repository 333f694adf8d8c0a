/**
 * The dock of feature panels (squad, sieges, operations, intel, market, exchange, council)
 * registered in `src/features/index.ts`: one button per panel; one panel open at a time, in a
 * drawer on the right. Panels load on demand (hovering a button starts loading it). Escape
 * closes the drawer and gives focus back to its button.
 */
import { Suspense, useEffect, useRef } from 'react';
import { FEATURE_PANELS } from '../features';
import { Icon } from './icons';
import { Loading, Panel } from './kit';

export function FeatureDock({ token, openId, onOpen }: { token: string; openId: string | null; onOpen: (id: string | null) => void }) {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const open = FEATURE_PANELS.find((p) => p.id === openId);
  useEffect(() => {
    if (!openId) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || document.querySelector('[aria-modal="true"]')) return;
      onOpen(null);
      buttons.current.get(openId)?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openId, onOpen]);
  return (
    <>
      <nav className="feature-dock" data-testid="feature-dock" aria-label="Panels">
        {FEATURE_PANELS.map((p) => (
          <button
            key={p.id}
            ref={(el) => { if (el) buttons.current.set(p.id, el); }}
            type="button"
            data-testid={`dock-${p.id}`}
            className={`dock-button${p.id === openId ? ' is-active' : ''}`}
            aria-pressed={p.id === openId}
            onPointerEnter={() => void p.load().catch(() => undefined)}
            onFocus={() => void p.load().catch(() => undefined)}
            onClick={() => onOpen(p.id === openId ? null : p.id)}
          >
            <Icon name={p.icon} />
            <span>{p.title}</span>
          </button>
        ))}
      </nav>
      {open ? (
        <Panel title={open.title} subtitle={open.subtitle} className="feature-drawer" testId={`panel-${open.id}`} onClose={() => onOpen(null)}>
          <Suspense fallback={<Loading label={`Opening ${open.title.toLowerCase()}…`} />}>
            <open.Component token={token} openPanel={(id) => onOpen(id)} />
          </Suspense>
        </Panel>
      ) : null}
    </>
  );
}
