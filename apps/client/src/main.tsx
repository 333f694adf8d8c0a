import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadToken } from './net/session';
import { App, loadGameScreen } from './ui/App';
import { registerServiceWorker } from './net/serviceWorker';
import './ui/kit/theme.css';
import './ui/kit/kit.css';
import './ui/game.css';

// A saved session goes straight to the game: fetch its chunk while the profile is restored.
if (loadToken()) void loadGameScreen().catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('#root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

registerServiceWorker();
