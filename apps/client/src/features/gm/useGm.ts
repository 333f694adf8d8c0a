/**
 * Two small hooks for the console's sections: `useLoad` reads (and polls) data with its own error
 * line — a failed refresh never overwrites what the GM's last action said; `useAction` runs a GM
 * action and keeps its outcome (the success sentence or the refusal) until the next action.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export function useLoad<T>(load: () => Promise<T>, deps: unknown[], pollMs?: number) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(async () => {
    try {
      setData(await loader.current());
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void reload();
    if (!pollMs) return;
    const t = setInterval(() => void reload(), pollMs);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { data, error, reload, setData };
}

export function useAction() {
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <T,>(fn: () => Promise<T>, ok: string | ((r: T) => string)): Promise<T | null> => {
    setBusy(true);
    try {
      const r = await fn();
      setNote(typeof ok === 'function' ? ok(r) : ok);
      setError(null);
      return r;
    } catch (err) {
      setError(err);
      setNote(null);
      return null;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, note, error, busy, clear: () => { setNote(null); setError(null); } };
}
