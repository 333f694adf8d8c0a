/** Sign in or create an account. */
import { useState, type FormEvent } from 'react';
import { isApiError } from '../net/api';
import { login, register } from '../net/session';

function messageFor(err: unknown): string {
  if (isApiError(err)) {
    switch (err.code) {
      case 'NAME_TAKEN': return 'That name is already taken.';
      case 'INVALID_CREDENTIALS': return 'Wrong name or password.';
      case 'RATE_LIMITED': return 'Too many attempts. Wait a moment and try again.';
      case 'NETWORK': return 'Cannot reach the server.';
      default: {
        const issue = err.issues?.[0];
        return issue ? `${issue.path ? `${issue.path}: ` : ''}${issue.message}` : err.message;
      }
    }
  }
  return err instanceof Error ? err.message : 'Something went wrong.';
}

export function LoginScreen() {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: 'login' | 'register'): Promise<void> => {
    if (busy) return;
    if (!name.trim() || !password) {
      setError('Enter a name and a password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await (action === 'login' ? login(name.trim(), password) : register(name.trim(), password));
    } catch (err) {
      setError(messageFor(err));
      setBusy(false);
    }
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    void run('login');
  };

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={onSubmit} noValidate>
        <h1 className="logo">DATAVISM</h1>
        <p className="tagline">Join the resistance against the Algorithmic Control.</p>
        <label>
          Name
          <input
            data-testid="login-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="username"
            maxLength={64}
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            data-testid="login-password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            maxLength={128}
          />
        </label>
        <div className="login-actions">
          <button data-testid="login" type="submit" disabled={busy}>Log in</button>
          <button data-testid="register" type="button" disabled={busy} onClick={() => void run('register')}>
            Register
          </button>
        </div>
        <p className="auth-error" data-testid="auth-error" role="alert">{error ?? ''}</p>
        <p className="hint">Names: 3–24 letters, digits, _ or -. Passwords: at least 8 characters.</p>
      </form>
    </div>
  );
}
