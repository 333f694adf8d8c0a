/** Loading, empty, error and locked states: every panel says what is going on. */
import type { ReactNode } from 'react';
import { Icon } from '../icons';
import { describeError } from '../../state/errorText';
import { Button } from './Button';

export function Loading({ label = 'Loading…', testId }: { label?: string; testId?: string }) {
  return (
    <div className="kit-state kit-loading" role="status" aria-live="polite" data-testid={testId ?? 'loading'}>
      <span className="kit-spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ children, icon, testId }: { children: ReactNode; icon?: ReactNode; testId?: string }) {
  return (
    <div className="kit-state kit-empty" data-testid={testId ?? 'empty'}>
      {icon ? <span className="kit-state-icon" aria-hidden="true">{icon}</span> : null}
      <div>{children}</div>
    </div>
  );
}

/** A server error in words, with an optional retry. */
export function ErrorNote({ error, onRetry, testId }: { error: unknown; onRetry?: () => void; testId?: string }) {
  const v = describeError(error);
  return (
    <div className="kit-state kit-error" role="alert" data-testid={testId ?? 'error-note'} data-code={v.code}>
      <div>{v.text}{v.fields.length ? ` ${v.fields.map((f) => f.message).join('; ')}` : ''}</div>
      {onRetry ? <Button size="sm" onClick={onRetry}>Try again</Button> : null}
    </div>
  );
}

/**
 * A feature the player cannot use yet, and what unlocks it: shown instead of a form they
 * could only fail with.
 */
export function Locked({ what, need, have, testId }: { what: ReactNode; need: ReactNode; have?: ReactNode; testId?: string }) {
  return (
    <div className="kit-state kit-locked" data-testid={testId ?? 'locked'}>
      <span className="kit-state-icon" aria-hidden="true"><Icon name="lock" /></span>
      <div>
        <strong>{what}</strong>
        <div className="muted">Unlocks at {need}{have !== undefined ? <> — you have {have}</> : null}.</div>
      </div>
    </div>
  );
}
