/**
 * The social layer's place in the game screen (mounted in the chat dock slot, loaded on demand):
 * joins the social room for the session, and shows the chat dock and the emergency banner.
 */
import { useEffect } from 'react';
import { ChatDock } from './ChatDock';
import { EmergencyBanner } from './EmergencyBanner';
import { startSocial } from './socialStore';
import './social.css';

export default function SocialDock({ token }: { token: string }) {
  // Deferred a tick: React StrictMode mounts, unmounts and remounts at once in dev.
  useEffect(() => {
    let stop: (() => void) | null = null;
    const t = setTimeout(() => { stop = startSocial(token); }, 0);
    return () => {
      clearTimeout(t);
      stop?.();
    };
  }, [token]);
  return (
    <>
      <EmergencyBanner />
      <ChatDock />
    </>
  );
}
