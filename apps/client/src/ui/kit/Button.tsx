/** Buttons: one look per intent. `busy` keeps the width and says so to screen readers. */
import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  size?: 'md' | 'sm';
  busy?: boolean;
  icon?: ReactNode;
  /** Pressed state for toggles (vote yes/no, tabs-like choices). */
  pressed?: boolean;
  testId?: string;
  ref?: Ref<HTMLButtonElement>;
}

export function Button({ variant = 'secondary', size = 'md', busy = false, icon, pressed, testId, className, children, disabled, type, ref, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      ref={ref}
      type={type ?? 'button'}
      className={`kit-btn kit-btn-${variant} kit-btn-${size}${busy ? ' is-busy' : ''}${className ? ` ${className}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      aria-pressed={pressed}
      data-testid={testId}
    >
      {icon ? <span className="kit-btn-icon" aria-hidden="true">{icon}</span> : null}
      {children}
    </button>
  );
}

/** A square button with only an icon: `label` is its accessible name and tooltip. */
export function IconButton({ label, children, className, testId, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { label: string; testId?: string }) {
  return (
    <button type="button" {...rest} className={`kit-icon-btn${className ? ` ${className}` : ''}`} aria-label={label} title={label} data-testid={testId}>
      {children}
    </button>
  );
}
