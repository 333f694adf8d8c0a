/**
 * Form fields: a label tied to its control, a hint, and the field's own error (every error is
 * shown, not only the first). FormErrors lists a refusal's sentence and all its field issues.
 */
import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react';
import { describeError, fieldLabel } from '../../state/errorText';

export function Field({ label, hint, error, children, className, inline }: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** One control (input, select, textarea): it receives id and aria attributes. */
  children: ReactElement<Record<string, unknown>>;
  className?: string;
  /** Label beside the control (checkboxes, short selects). */
  inline?: boolean;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const control = isValidElement(children)
    ? cloneElement(children, {
      id,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined,
      className: `kit-input${children.props.className ? ` ${String(children.props.className)}` : ''}`,
    })
    : children;
  return (
    <div className={`kit-field${inline ? ' is-inline' : ''}${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="kit-field-label">{label}</label>
      {control}
      {hint ? <div id={hintId} className="kit-field-hint">{hint}</div> : null}
      {error ? <div id={errorId} className="kit-field-error" role="alert">{error}</div> : null}
    </div>
  );
}

/** A server refusal (or client check) in words: the sentence plus every field complaint. */
export function FormErrors({ error, messages, testId }: { error?: unknown; messages?: readonly string[]; testId?: string }) {
  const lines: string[] = [...(messages ?? [])];
  if (error !== undefined && error !== null) {
    const v = describeError(error);
    lines.push(v.text);
    for (const f of v.fields) lines.push(`${fieldLabel(f.path)}: ${f.message}`);
  }
  if (lines.length === 0) return null;
  return (
    <div className="kit-form-errors" role="alert" data-testid={testId ?? 'form-errors'}>
      {lines.length === 1 ? <p>{lines[0]}</p> : <ul>{lines.map((l, i) => <li key={i}>{l}</li>)}</ul>}
    </div>
  );
}

/** A row of form controls that wraps on narrow panels. */
export function FormRow({ children, align = 'end' }: { children: ReactNode; align?: 'end' | 'start' | 'center' }) {
  return <div className={`kit-form-row align-${align}`}>{children}</div>;
}
