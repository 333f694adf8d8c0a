/** Sign in or create an account: the resistance's front door. */
import { useState, type FormEvent } from 'react';
import { isApiError } from '../net/api';
import { login, register } from '../net/session';
import { describeError } from '../state/errorText';
import { Button, Field } from './kit';

function messageFor(err: unknown): string {
  if (isApiError(err) && err.code === 'RATE_LIMITED') return 'Too many attempts. Wait a moment and try again.';
  const v = describeError(err);
  return v.fields.length ? v.fields.map((f) => f.message.charAt(0).toUpperCase() + f.message.slice(1)).join('. ') : v.text;
}

/** Starts fetching the game's chunk while the player types. */
const preloadGame = () => void import('./GameScreen').catch(() => undefined);

export function LoginScreen() {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'login' | 'register' | null>(null);

  const run = async (action: 'login' | 'register'): Promise<void> => {
    if (busy) return;
    if (!name.trim() || !password) {
      setError('Enter a name and a password.');
      return;
    }
    setBusy(action);
    setError(null);
    performance.mark('login-submit');
    try {
      await (action === 'login' ? login(name.trim(), password) : register(name.trim(), password));
    } catch (err) {
      setError(messageFor(err));
      setBusy(null);
    }
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void run('login');
  };

  return (
    <div className="login-screen">
      <div className="login-hero" aria-hidden="true" />
      <form className="login-card" onSubmit={onSubmit} noValidate onFocus={preloadGame}>
        <h1 className="logo">DATAVISM</h1>
        <p className="tagline">The Algorithmic Control occupies the network. <strong>Join the resistance.</strong></p>
        <Field label="Name" hint="3–24 letters, digits, _ or -">
          <input data-testid="login-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" maxLength={64} autoFocus />
        </Field>
        <Field label="Password" hint="At least 8 characters">
          <input data-testid="login-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" maxLength={128} />
        </Field>
        <div className="login-actions">
          <Button testId="login" type="submit" variant="primary" busy={busy === 'login'} disabled={busy !== null}>Log in</Button>
          <Button testId="register" busy={busy === 'register'} disabled={busy !== null} onClick={() => void run('register')}>Create account</Button>
        </div>
        <p className="auth-error" data-testid="auth-error" role="alert">{error ?? ''}</p>
      </form>
    </div>
  );
}
