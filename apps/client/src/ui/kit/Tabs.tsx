/** Tabs with the WAI-ARIA keyboard pattern: arrow keys move, Home/End jump. */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<T extends string> {
  id: T;
  label: ReactNode;
  /** A count or marker after the label. */
  badge?: ReactNode;
}

export function Tabs<T extends string>({ tabs, value, onChange, label, testId }: {
  tabs: ReadonlyArray<TabItem<T>>; value: T; onChange: (id: T) => void; label: string; testId?: string;
}) {
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    onChange(tabs[next].id);
    refs.current[next]?.focus();
  };
  return (
    <div className="kit-tabs" role="tablist" aria-label={label} data-testid={testId}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => { refs.current[i] = el; }}
          type="button"
          role="tab"
          aria-selected={t.id === value}
          tabIndex={t.id === value ? 0 : -1}
          className="kit-tab"
          data-testid={testId ? `${testId}-${t.id}` : undefined}
          onClick={() => onChange(t.id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {t.label}
          {t.badge !== undefined && t.badge !== null ? <span className="kit-tab-badge">{t.badge}</span> : null}
        </button>
      ))}
    </div>
  );
}
