/** Shows the connection state when it is not simply "connected". */
import { useWorld } from './hooks';

export function ConnectionBanner({ onRetry }: { onRetry: () => void }) {
  const status = useWorld((s) => s.connection);
  const error = useWorld((s) => s.connectionError);
  if (status === 'connected' || status === 'idle') return null;
  if (status === 'connecting') {
    return <div className="banner banner-info" data-testid="connection-banner">Connecting to the world…</div>;
  }
  if (status === 'reconnecting') {
    return <div className="banner banner-warn" data-testid="reconnecting">Connection lost — reconnecting…</div>;
  }
  return (
    <div className="banner banner-error" data-testid="connection-banner">
      Disconnected{error ? `: ${error}` : ''}.{' '}
      <button className="link-button" onClick={onRetry}>Reconnect</button>
    </div>
  );
}
