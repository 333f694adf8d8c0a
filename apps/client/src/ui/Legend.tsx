/** Legend for the map colours. */
import { STATUS_COLORS, MY_AVATAR_COLOR, OTHER_AVATAR_COLOR } from '../scene/palette';

const ROWS: ReadonlyArray<readonly [string, string, string?]> = [
  [STATUS_COLORS.occupied, 'Occupied by the AC (taller = stronger garrison)'],
  [STATUS_COLORS.neutral, 'Neutral'],
  ['linear-gradient(90deg, hsl(120, 60%, 45%), hsl(210, 60%, 48%), hsl(290, 60%, 48%))', 'Liberated (colour of the holding squad)'],
  [STATUS_COLORS.contested, 'Contested (siege running)', 'pulse'],
  [MY_AVATAR_COLOR, 'You'],
  [OTHER_AVATAR_COLOR, 'Other resistants'],
];

export function Legend() {
  return (
    <div className="legend" data-testid="legend">
      {ROWS.map(([color, label, extra]) => (
        <div key={label} className="legend-row">
          <span className={`swatch ${extra ?? ''}`} style={{ background: color }} />
          {label}
        </div>
      ))}
      <div className="legend-hint">Drag to pan · right-drag to rotate · wheel to zoom · WASD to walk</div>
    </div>
  );
}
