/**
 * A data table with typed columns, an empty state and optional row clicks (keyboard too).
 * Numbers align right in tabular figures.
 */
import type { ReactNode } from 'react';

export interface Column<R> {
  key: string;
  header: ReactNode;
  cell: (row: R) => ReactNode;
  align?: 'left' | 'right' | 'center';
  width?: string;
}

export function Table<R>({ columns, rows, rowKey, empty = 'Nothing here yet.', onRowClick, rowClassName, caption, testId, compact }: {
  columns: ReadonlyArray<Column<R>>;
  rows: readonly R[];
  rowKey: (row: R) => string;
  empty?: ReactNode;
  onRowClick?: (row: R) => void;
  rowClassName?: (row: R) => string | undefined;
  caption?: string;
  testId?: string;
  compact?: boolean;
}) {
  return (
    <div className="kit-table-wrap">
      <table className={`kit-table${compact ? ' is-compact' : ''}`} data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead>
          <tr>{columns.map((c) => <th key={c.key} style={{ width: c.width, textAlign: c.align ?? 'left' }} scope="col">{c.header}</th>)}</tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr className="kit-table-empty"><td colSpan={columns.length}>{empty}</td></tr>
          ) : rows.map((r) => (
            <tr
              key={rowKey(r)}
              className={`${onRowClick ? 'is-clickable ' : ''}${rowClassName?.(r) ?? ''}`}
              onClick={onRowClick ? () => onRowClick(r) : undefined}
              onKeyDown={onRowClick ? (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onRowClick(r); } } : undefined}
              tabIndex={onRowClick ? 0 : undefined}
            >
              {columns.map((c) => <td key={c.key} className={c.align === 'right' ? 'is-num' : undefined} style={{ textAlign: c.align ?? 'left' }}>{c.cell(r)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
