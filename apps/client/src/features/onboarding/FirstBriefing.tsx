/**
 * The handler's briefing (docs/onboarding.md): an in-character transmission, page by page, shown on
 * first login until read or skipped (the server keeps the mark, so it is once per player, not per
 * device), replayable from the codex. It sits at the top of the left column rather than over the
 * map: the world stays usable while it is read, and skipping is one click.
 */
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { Button } from '../../ui/kit';
import { BRIEFING, HANDLER_NAME } from './briefing';
import { closeBriefing, onboardingStore } from './onboardingStore';
import './onboarding.css';

export function FirstBriefing({ token }: { token: string }) {
  const open = useStore(onboardingStore, (s) => s.briefingOpen);
  const [page, setPage] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { if (open) setPage(0); }, [open]);
  if (!open) return null;
  const p = BRIEFING[page];
  const last = page === BRIEFING.length - 1;
  const go = (n: number) => {
    setPage(n);
    heading.current?.focus();
  };
  return (
    <section className="transmission" role="region" aria-labelledby="first-briefing-title" data-testid="first-briefing">
      <div className="briefing-kicker">Incoming transmission · {HANDLER_NAME}</div>
      <div className="transmission-chapter">{p.kicker} · {page + 1} / {BRIEFING.length}</div>
      <h3 id="first-briefing-title" ref={heading} tabIndex={-1} data-testid="first-briefing-title">{p.title}</h3>
      <p className="transmission-text" data-testid="first-briefing-text">“{p.text}”</p>
      <div className="transmission-foot">
        <div className="first-briefing-dots" aria-hidden="true">
          {BRIEFING.map((_, i) => <span key={i} className={`dot${i === page ? ' is-on' : ''}`} />)}
        </div>
        <div className="first-briefing-actions">
          {!last ? <Button size="sm" variant="ghost" testId="briefing-skip" onClick={() => void closeBriefing(token)}>Skip</Button> : null}
          {page > 0 ? <Button size="sm" testId="briefing-back" onClick={() => go(page - 1)}>Back</Button> : null}
          <Button size="sm" variant="primary" testId={last ? 'briefing-done' : 'briefing-next'}
            onClick={() => (last ? void closeBriefing(token) : go(page + 1))}>
            {last ? 'Begin' : 'Next'}
          </Button>
        </div>
      </div>
    </section>
  );
}
