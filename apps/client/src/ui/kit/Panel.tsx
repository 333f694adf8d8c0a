/**
 * Panel: the one container of the UI — a titled surface with an optional close button and
 * header actions. Section: a titled block inside a panel.
 */
import type { ReactNode } from 'react';
import { IconButton } from './Button';

export interface PanelProps {
  title: ReactNode;
  /** Small line under the title (context: a region, a phase…). */
  subtitle?: ReactNode;
  /** Controls at the right of the header. */
  actions?: ReactNode;
  onClose?: () => void;
  children: ReactNode;
  className?: string;
  testId?: string;
  /** Tone of the header's rule: accent (resistance), ac (occupier), contested. */
  tone?: 'accent' | 'ac' | 'contested' | 'neutral';
  /** The element: a complementary aside (map cards) or a dialog-like region. */
  as?: 'section' | 'aside';
  /** aria-label when the title is not plain text. */
  label?: string;
}

export function Panel({ title, subtitle, actions, onClose, children, className, testId, tone = 'accent', as = 'section', label }: PanelProps) {
  const Tag = as;
  return (
    <Tag className={`kit-panel kit-tone-${tone}${className ? ` ${className}` : ''}`} data-testid={testId} aria-label={label ?? (typeof title === 'string' ? title : undefined)}>
      <header className="kit-panel-head">
        <div className="kit-panel-titles">
          <h2 className="kit-panel-title">{title}</h2>
          {subtitle ? <div className="kit-panel-subtitle">{subtitle}</div> : null}
        </div>
        {actions ? <div className="kit-panel-actions">{actions}</div> : null}
        {onClose ? <IconButton label="Close" onClick={onClose} className="kit-panel-close">×</IconButton> : null}
      </header>
      <div className="kit-panel-body">{children}</div>
    </Tag>
  );
}

export function Section({ title, aside, children, className, testId }: {
  title?: ReactNode; aside?: ReactNode; children: ReactNode; className?: string; testId?: string;
}) {
  return (
    <section className={`kit-section${className ? ` ${className}` : ''}`} data-testid={testId}>
      {title || aside ? (
        <div className="kit-section-head">
          {title ? <h3 className="kit-section-title">{title}</h3> : null}
          {aside ? <div className="kit-section-aside">{aside}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** A label/value pair in a facts grid (territory card, squad header). */
export function Facts({ items, testId }: { items: Array<{ label: ReactNode; value: ReactNode; testId?: string } | null | false>; testId?: string }) {
  return (
    <dl className="kit-facts" data-testid={testId}>
      {items.filter((i): i is { label: ReactNode; value: ReactNode; testId?: string } => Boolean(i)).map((i, n) => (
        <div key={n} className="kit-fact">
          <dt>{i.label}</dt>
          <dd data-testid={i.testId}>{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A small coloured tag: statuses, roles, phases. */
export function Badge({ children, tone = 'neutral', title, testId }: {
  children: ReactNode; tone?: 'neutral' | 'accent' | 'ac' | 'contested' | 'ok' | 'signal'; title?: string; testId?: string;
}) {
  return <span className={`kit-badge kit-badge-${tone}`} title={title} data-testid={testId}>{children}</span>;
}
