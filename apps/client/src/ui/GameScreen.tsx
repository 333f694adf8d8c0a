/**
 * The in-game screen (loaded on demand after login): joins the world room for the session,
 * starts what the map needs from other rooms (sieges, operation beacons, my squad), keeps the
 * HUD's profile fresh, and lays out the overlays — HUD bar, the cards (first briefing, mission,
 * territory) and the map key under them on the left, minimap, map tools, the feature dock and its drawer, and the places kept for the chat
 * dock and the inbox.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { worldConnection } from '../net/connection';
import { createMovementController } from '../net/movement';
import { startProfileSync } from '../net/profileSync';
import { refreshProfile } from '../net/session';
import { sessionStore } from '../state/sessionStore';
import { formatResource } from '../state/profileView';
import { pushToast } from '../state/worldStore';
import { WorldCanvas } from '../scene/WorldCanvas';
import { connectWar, disconnectWar } from '../features/territory/warStore';
import { startOperationsTracking } from '../features/operations/operationsStore';
import { startSquadTracking } from '../features/squads/squadStore';
import { FirstBriefing } from '../features/onboarding/FirstBriefing';
import { MissionCard } from '../features/onboarding/MissionCard';
import { ConnectionBanner } from './ConnectionBanner';
import { FeatureDock } from './FeatureDock';
import { HoverCard } from './HoverCard';
import { Legend } from './Legend';
import { MapTools } from './MapTools';
import { Minimap } from './Minimap';
import { ChatDockSlot } from './Slots';
import { TerritoryCard } from './TerritoryCard';
import { TopBar } from './TopBar';
import { useSession } from './hooks';

function describeReward(reward: Record<string, number | string | null>): string {
  return Object.entries(reward)
    .filter(([, v]) => v !== null && v !== 0 && v !== '0')
    .map(([k, v]) => (k === 'xp' ? `+${v} XP` : k === 'title' ? `the title “${v}”` : `+${formatResource(String(v), k)}`))
    .join(', ');
}

export default function GameScreen({ token }: { token: string }) {
  const dailyLogin = useSession((s) => s.dailyLogin);
  const playerId = useSession((s) => s.profile?.id ?? null);
  const [panel, setPanel] = useState<string | null>(null);
  const cards = useRef<HTMLDivElement>(null);
  const movement = useMemo(
    () => createMovementController((x, y) => worldConnection.move(x, y), () => worldConnection.lastMoveSeq),
    [],
  );

  useEffect(() => {
    performance.mark?.('game-screen');
    // Deferred a tick: React StrictMode mounts, unmounts and remounts at once in dev, and two
    // joins in a row would make the server kick one seat as "signed in elsewhere".
    const timer = setTimeout(() => {
      void worldConnection.start(token);
      void refreshProfile().catch(() => undefined);
      void connectWar(token);
    }, 0);
    const stopSync = startProfileSync();
    const stopOps = startOperationsTracking(token);
    return () => {
      clearTimeout(timer);
      worldConnection.stop();
      stopSync();
      stopOps();
      disconnectWar();
    };
  }, [token]);

  useEffect(() => (playerId ? startSquadTracking(token, playerId) : undefined), [token, playerId]);

  useEffect(() => {
    if (dailyLogin?.reward) {
      const text = describeReward(dailyLogin.reward);
      pushToast('reward', `Streak of ${dailyLogin.streak} day${dailyLogin.streak === 1 ? '' : 's'}${text ? `: ${text}` : ''}.`, undefined, 'Daily login');
      sessionStore.setState({ dailyLogin: null }); // shown once
    }
  }, [dailyLogin]);

  const onOpen = useCallback((id: string | null) => setPanel(id), []);

  return (
    <div className={`game-screen${panel ? ' has-drawer' : ''}`}>
      <WorldCanvas movement={movement} />
      <HoverCard />
      <TopBar />
      <div className="left-column">
        <div className="left-cards">
          <div className="left-cards-stack" ref={cards}>
            <FirstBriefing token={token} />
            <MissionCard token={token} onOpenPanel={onOpen} />
            <TerritoryCard />
          </div>
        </div>
        <Legend cards={cards} />
      </div>
      <Minimap />
      <MapTools />
      <FeatureDock token={token} openId={panel} onOpen={onOpen} />
      <ChatDockSlot />
      <ConnectionBanner onRetry={() => void worldConnection.start(token)} />
    </div>
  );
}
