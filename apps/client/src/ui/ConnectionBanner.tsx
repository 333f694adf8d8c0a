/** Shows the world connection's state when it is not simply "connected". */
import { Button } from './kit';
import { useWorld } from './hooks';

export function ConnectionBanner({ onRetry }: { onRetry: () => void }) {
  const status = useWorld((s) => s.connection);
  const error = useWorld((s) => s.connectionError);
  if (status === 'connected' || status === 'idle') return null;
  if (status === 'connecting') {
    return <div className="banner banner-info" data-testid="connection-banner" role="status"><span className="kit-spinner" aria-hidden="true" />Connecting to the world…</div>;
  }
  if (status === 'reconnecting') {
    return <div className="banner banner-warn" data-testid="reconnecting" role="status"><span className="kit-spinner" aria-hidden="true" />Connection lost — reconnecting to the resistance network…</div>;
  }
  return (
    <div className="banner banner-error" data-testid="connection-banner" role="alert">
      Disconnected{error ? ` (${error})` : ''}.
      <Button size="sm" onClick={onRetry}>Reconnect</Button>
    </div>
  );
}
