/** Top-level routing by session state: login, restoring, or the game. */
import { useEffect } from 'react';
import { restoreSession } from '../net/session';
import { GmConsole } from '../features/operations/GmConsole';
import { GameScreen } from './GameScreen';
import { LoginScreen } from './LoginScreen';
import { Toasts } from './Toasts';
import { useSession } from './hooks';

export function App() {
  const status = useSession((s) => s.status);
  const token = useSession((s) => s.token);

  useEffect(() => {
    void restoreSession().catch(() => undefined);
  }, []);

  let screen;
  if (window.location.pathname === '/gm') screen = status === 'restoring' ? <div className="splash">Restoring your session…</div> : <GmConsole />;
  else if (status === 'restoring') screen = <div className="splash">Restoring your session…</div>;
  else if (status === 'authenticated' && token) screen = <GameScreen token={token} />;
  else screen = <LoginScreen />;
  // Toasts live above both screens so "session expired" survives the switch to the login form.
  return (
    <>
      {screen}
      <Toasts />
    </>
  );
}
