/**
 * Toasts: server refusals in words, notices, rewards and level-ups, newest last. The error
 * code is kept in `data-code` for tests and never printed next to the words. They stack at the
 * top centre, below whatever holds that place ({@link useToastsBelow}).
 */
import { useLayoutEffect, type RefObject } from 'react';
import { useStore } from 'zustand';
import { humanizeTimes } from '../../state/time';
import { dismissToast, worldStore } from '../../state/worldStore';
import { IconButton } from './Button';

const ICONS: Record<string, string> = { error: '!', info: 'i', success: '✓', reward: '★', urgent: '⚠' };

export function Toasts() {
  const toasts = useStore(worldStore, (s) => s.toasts);
  return (
    <div className="kit-toasts" aria-live="polite" aria-relevant="additions">
      {toasts.map((t) => (
        <div key={t.id} className={`kit-toast kit-toast-${t.kind}`} data-testid="toast" data-code={t.code} data-kind={t.kind} role={t.kind === 'error' || t.kind === 'urgent' ? 'alert' : 'status'}>
          <span className="kit-toast-icon" aria-hidden="true">{ICONS[t.kind] ?? 'i'}</span>
          <div className="kit-toast-body">
            {t.title ? <strong className="kit-toast-title">{t.title}</strong> : null}
            <span className="kit-toast-text">{humanizeTimes(t.text)}</span>
          </div>
          <IconButton label="Dismiss" className="kit-toast-close" onClick={() => dismissToast(t.id)}>×</IconButton>
        </div>
      ))}
    </div>
  );
}

/** Space between the element the toasts make way for and the first toast, px. */
const TOASTS_GAP = 8;

/**
 * While the element in `ref` is on screen, the toast stack starts below it instead of covering it
 * (the emergency banner holds the top centre until acknowledged). Its bottom edge is followed as it
 * grows or the window narrows; layout offsets, not the box on screen, so its entrance animation's
 * transform is not measured.
 */
export function useToastsBelow(ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const root = document.documentElement.style;
    const place = () => {
      const parentTop = (el.offsetParent as HTMLElement | null)?.getBoundingClientRect().top ?? 0;
      root.setProperty('--toasts-top', `${Math.round(parentTop + el.offsetTop + el.offsetHeight + TOASTS_GAP)}px`);
    };
    place();
    const watch = new ResizeObserver(place);
    watch.observe(el);
    return () => {
      watch.disconnect();
      root.removeProperty('--toasts-top');
    };
  }, [ref]);
}
