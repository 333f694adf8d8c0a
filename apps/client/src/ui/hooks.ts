/**
 * React bindings for the framework-free stores: components subscribe with selectors and
 * re-render only when the selected slice changes.
 */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { sessionStore, type SessionState } from '../state/sessionStore';
import { worldStore, type WorldState } from '../state/worldStore';

export function useWorld<T>(selector: (s: WorldState) => T): T {
  return useStore(worldStore, selector);
}

export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(sessionStore, selector);
}

/** The current time, refreshed every `ms` milliseconds: for countdowns. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
