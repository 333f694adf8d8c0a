/** A progress bar (0..1) with an optional target marker (quorum, threshold) and its label. */
import type { ReactNode } from 'react';

export function ProgressBar({ value, label, marker, markerLabel, tone = 'accent', detail, testId, size = 'md', labelShown = true }: {
  value: number;
  /** Accessible name (also shown above the bar when `detail` is given). */
  label: string;
  /** Target position 0..1, drawn as a tick. */
  marker?: number;
  markerLabel?: string;
  tone?: 'accent' | 'ac' | 'contested' | 'ok' | 'signal';
  detail?: ReactNode;
  testId?: string;
  size?: 'sm' | 'md';
  /** False when the label is already written next to the bar (it stays the accessible name). */
  labelShown?: boolean;
}) {
  const v = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  return (
    <div className={`kit-progress kit-progress-${size}`} data-testid={testId}>
      {detail ? <div className="kit-progress-label"><span>{labelShown ? label : null}</span><span className="num">{detail}</span></div> : null}
      <div
        className={`kit-progress-track kit-tone-${tone}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(v * 100)}
      >
        <div className="kit-progress-fill" style={{ width: `${(v * 100).toFixed(1)}%` }} />
        {marker !== undefined ? (
          <div className="kit-progress-marker" style={{ left: `${Math.min(100, Math.max(0, marker * 100))}%` }} title={markerLabel} />
        ) : null}
      </div>
    </div>
  );
}
