/**
 * The emergency banner (GAME §8.1): a GM's broadcast reaches every online client at once and is
 * shown as an incoming transmission from resistance command across the top of the map, until
 * the player acknowledges it (which marks the emergency channel read). The text is rendered as
 * text. The transmission stays in the emergency channel's history in the chat dock. Toasts
 * arriving meanwhile stack below it, never over it.
 */
import { useRef } from 'react';
import type { EmergencyDto } from '@datavism/shared-schema';
import { formatDateTime } from '../../state/time';
import { Button, useToastsBelow } from '../../ui/kit';
import { useSocial } from './hooks';
import { dismissEmergency, selectChannel, setDockOpen } from './socialStore';

export function EmergencyBanner() {
  const e = useSocial((s) => s.emergency);
  if (!e) return null;
  return <Transmission e={e} />;
}

/** The banner itself, mounted only while there is a transmission to show (the toasts make way meanwhile). */
function Transmission({ e }: { e: EmergencyDto }) {
  const ref = useRef<HTMLElement>(null);
  useToastsBelow(ref);
  return (
    <section ref={ref} className="emergency-banner" role="alert" aria-label="Emergency transmission" data-testid="emergency-banner">
      <div className="emergency-head">
        <span className="emergency-pulse" aria-hidden="true" />
        <span className="emergency-kicker">Incoming transmission · priority one</span>
        <time className="emergency-time" dateTime={e.createdAt}>{formatDateTime(e.createdAt)}</time>
      </div>
      <p className="emergency-body" data-testid="emergency-body">{e.body}</p>
      <div className="emergency-foot">
        <span className="emergency-from">— {e.from}, resistance command</span>
        <span className="emergency-actions">
          <Button size="sm" variant="ghost" onClick={() => { setDockOpen(true); selectChannel('emergency'); }}>Channel</Button>
          <Button size="sm" variant="danger" onClick={dismissEmergency} testId="emergency-ack">Acknowledge</Button>
        </span>
      </div>
    </section>
  );
}
