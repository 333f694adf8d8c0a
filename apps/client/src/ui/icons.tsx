/**
 * The UI's icons: small inline SVGs (no icon font, no requests), drawn on a 24-unit grid with
 * `currentColor` so they take the text colour.
 */
import type { ReactNode } from 'react';

const PATHS = {
  // dock
  squad: <><circle cx="8" cy="8" r="3" /><circle cx="16" cy="8" r="3" /><path d="M2 20c0-3.3 2.7-6 6-6s6 2.7 6 6M10 20c0-3.3 2.7-6 6-6s6 2.7 6 6" /></>,
  siege: <><path d="M4 20 20 4M15 4h5v5M4 4l6 6M14 14l6 6M4 20l3-1 -2-2z" /></>,
  operation: <><circle cx="12" cy="12" r="8" /><circle cx="12" cy="12" r="3" /><path d="M12 2v4M12 18v4M2 12h4M18 12h4" /></>,
  intel: <><path d="M3 12s3.5-6 9-6 9 6 9 6-3.5 6-9 6-9-6-9-6z" /><circle cx="12" cy="12" r="2.5" /></>,
  market: <><path d="M4 20V10M9 20V4M14 20v-7M19 20V8" /><path d="M2 20h20" /></>,
  exchange: <><path d="M4 8h13l-3-3M20 16H7l3 3" /></>,
  codex: <><path d="M5 4h11a3 3 0 0 1 3 3v13H8a3 3 0 0 1-3-3z" /><path d="M5 17a3 3 0 0 1 3-3h11M9 8h6" /></>,
  council: <><path d="M3 20h18M5 20V10M9.5 20V10M14.5 20V10M19 20V10M2 10l10-6 10 6z" /></>,
  today: <><rect x="4" y="5" width="16" height="15" rx="1.5" /><path d="M4 10h16M8 3v4M16 3v4M9 15l2 2 4-4" /></>,
  bounty: <><path d="M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6z" /><path d="M9 12l2 2 4-4" /></>,
  // map tools
  world: <><circle cx="12" cy="12" r="9" /><path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z" /></>,
  me: <><circle cx="12" cy="12" r="3" /><circle cx="12" cy="12" r="8" /><path d="M12 1v4M12 19v4M1 12h4M19 12h4" /></>,
  flag: <><path d="M5 21V4M5 4h11l-2 4 2 4H5" /></>,
  plus: <path d="M12 5v14M5 12h14" />,
  minus: <path d="M5 12h14" />,
  link: <><path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" /><path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" /></>,
  layers: <><path d="m12 3 9 5-9 5-9-5z" /><path d="m3 13 9 5 9-5" /></>,
  lock: <><rect x="5" y="11" width="14" height="10" rx="1.5" /><path d="M8 11V8a4 4 0 0 1 8 0v3" /></>,
  bell: <><path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z" /><path d="M10 20a2 2 0 0 0 4 0" /></>,
  logout: <><path d="M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10" /></>,
  // terrains
  urban: <><path d="M3 21V10h5v11M8 21V4h7v17M15 21v-8h6v8" /><path d="M2 21h20" /></>,
  industrial: <><path d="M3 21V12l5 3v-3l5 3V6h3v15M16 9h3v12" /><path d="M2 21h20" /></>,
  datacenter: <><rect x="5" y="3" width="14" height="18" rx="1" /><path d="M5 9h14M5 15h14" /><circle cx="8.5" cy="6" r=".8" /><circle cx="8.5" cy="12" r=".8" /><circle cx="8.5" cy="18" r=".8" /></>,
  wasteland: <><path d="M2 18c3-3 5-3 8 0s5 3 8 0 3-2 4-1" /><path d="M7 11l2 2 2-3 2 3" /></>,
  network_hub: <><path d="M12 10v11M9 21h6" /><circle cx="12" cy="8" r="2" /><path d="M7.5 3.5a6.5 6.5 0 0 0 0 9M16.5 3.5a6.5 6.5 0 0 1 0 9" /></>,
} satisfies Record<string, ReactNode>;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 18, title }: { name: IconName; size?: number; title?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden={title ? undefined : true} role={title ? 'img' : undefined} className="icon">
      {title ? <title>{title}</title> : null}
      {PATHS[name]}
    </svg>
  );
}

/** Whether a string names a terrain icon. */
export function isIconName(x: string): x is IconName {
  return x in PATHS;
}
