/** The in-game screen: joins the world room for the session and lays out the overlays. */
import { useEffect, useMemo } from 'react';
import { worldConnection } from '../net/connection';
import { createMovementController } from '../net/movement';
import { refreshProfile } from '../net/session';
import { sessionStore } from '../state/sessionStore';
import { pushToast } from '../state/worldStore';
import { WorldCanvas } from '../scene/WorldCanvas';
import { ConnectionBanner } from './ConnectionBanner';
import { FeatureDock } from './FeatureDock';
import { Hud } from './Hud';
import { Legend } from './Legend';
import { TerritoryPanel } from './TerritoryPanel';
import { useSession } from './hooks';

function describeReward(reward: Record<string, number | string | null>): string {
  return Object.entries(reward)
    .filter(([, v]) => v !== null && v !== 0 && v !== '0')
    .map(([k, v]) => `+${v} ${k.replace(/_/g, ' ')}`)
    .join(', ');
}

export function GameScreen({ token }: { token: string }) {
  const dailyLogin = useSession((s) => s.dailyLogin);
  const movement = useMemo(
    () => createMovementController((x, y) => worldConnection.move(x, y), () => worldConnection.lastMoveSeq),
    [],
  );

  useEffect(() => {
    // Deferred a tick: React StrictMode mounts, unmounts and remounts at once in dev, and two
    // joins in a row would make the server kick one seat as "signed in elsewhere".
    const timer = setTimeout(() => {
      void worldConnection.start(token);
      void refreshProfile().catch(() => undefined);
    }, 0);
    return () => {
      clearTimeout(timer);
      worldConnection.stop();
    };
  }, [token]);

  useEffect(() => {
    if (dailyLogin?.reward) {
      const text = describeReward(dailyLogin.reward);
      pushToast('info', `Daily login — streak ${dailyLogin.streak}${text ? `: ${text}` : ''}`);
      sessionStore.setState({ dailyLogin: null }); // shown once
    }
  }, [dailyLogin]);

  return (
    <div className="game-screen">
      <WorldCanvas movement={movement} />
      <Hud />
      <Legend />
      <TerritoryPanel />
      <FeatureDock token={token} />
      <ConnectionBanner onRetry={() => void worldConnection.start(token)} />
    </div>
  );
}
