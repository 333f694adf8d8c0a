/**
 * Top-level routing by session state: login, restoring, offline (server away: keep retrying),
 * or the game. The game screen (3D scene, network) and the GM console load on demand, so the
 * login screen starts from a small bundle; with a saved session the game chunk is fetched in
 * parallel with the profile (see main.tsx).
 */
import { lazy, Suspense, useEffect } from 'react';
import { restoreSession } from '../net/session';
import { Toasts } from './kit';
import { LoginScreen } from './LoginScreen';
import { Splash } from './Splash';
import { useSession } from './hooks';

/** The game screen's chunk (also preloaded by main.tsx and the login form). */
export const loadGameScreen = () => import('./GameScreen');
const GameScreen = lazy(loadGameScreen);
const GmConsole = lazy(() => import('../features/gm/GmConsole'));

/** While offline, the saved session is retried this often. */
const OFFLINE_RETRY_MS = 3000;

export function App() {
  const status = useSession((s) => s.status);
  const token = useSession((s) => s.token);

  useEffect(() => {
    void restoreSession().catch(() => undefined);
  }, []);

  useEffect(() => {
    if (status !== 'offline') return;
    const t = setInterval(() => void restoreSession().catch(() => undefined), OFFLINE_RETRY_MS);
    return () => clearInterval(t);
  }, [status]);

  let screen;
  if (status === 'restoring') screen = <Splash title="Restoring your session…" />;
  else if (status === 'offline') screen = <Splash title="Reconnecting to the resistance network…" detail="The server cannot be reached. DATAVISM keeps trying; your session is kept." offline />;
  else if (window.location.pathname === '/gm') screen = <GmConsole />;
  else if (status === 'authenticated' && token) screen = <GameScreen token={token} />;
  else screen = <LoginScreen />;
  // Toasts live above every screen so "session expired" survives the switch to the login form.
  return (
    <>
      <Suspense fallback={<Splash title="Loading the map…" />}>{screen}</Suspense>
      <Toasts />
    </>
  );
}
