/**
 * Places in the layout for the social features: the chat dock (bottom right, with the emergency
 * banner) and the inbox bell (top bar). Each keeps its stable container id and mounts its
 * feature, loaded on demand (features/social, features/notifications), once a session exists.
 */
import { lazy, Suspense } from 'react';
import { useSession } from './hooks';

const SocialDock = lazy(() => import('../features/social/SocialDock'));
const InboxBell = lazy(() => import('../features/notifications/InboxBell'));

export function ChatDockSlot() {
  const token = useSession((s) => s.token);
  return (
    <div className="slot-chat-dock" id="chat-dock-slot" data-slot="chat-dock">
      {token ? <Suspense fallback={null}><SocialDock token={token} /></Suspense> : null}
    </div>
  );
}

export function InboxSlot() {
  const token = useSession((s) => s.token);
  return (
    <div className="slot-inbox" id="inbox-slot" data-slot="inbox">
      {token ? <Suspense fallback={null}><InboxBell token={token} /></Suspense> : null}
    </div>
  );
}
