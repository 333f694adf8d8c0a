/**
 * The dock of feature panels (squads, market, operations, council…) registered in
 * `src/features/index.ts`: one button per panel; one panel open at a time.
 */
import { useState } from 'react';
import { FEATURE_PANELS } from '../features';

export function FeatureDock({ token }: { token: string }) {
  const [openId, setOpenId] = useState<string | null>(null);
  if (FEATURE_PANELS.length === 0) return null;
  const open = FEATURE_PANELS.find((p) => p.id === openId);
  return (
    <>
      <nav className="feature-dock" data-testid="feature-dock">
        {FEATURE_PANELS.map((p) => (
          <button
            key={p.id}
            data-testid={`dock-${p.id}`}
            className={p.id === openId ? 'active' : undefined}
            onClick={() => setOpenId(p.id === openId ? null : p.id)}
          >
            {p.title}
          </button>
        ))}
      </nav>
      {open ? (
        <section className="feature-panel" data-testid={`panel-${open.id}`}>
          <header>
            <h2>{open.title}</h2>
            <button className="panel-close" onClick={() => setOpenId(null)} aria-label="Close">×</button>
          </header>
          <div className="feature-body">
            <open.Component token={token} />
          </div>
        </section>
      ) : null}
    </>
  );
}
