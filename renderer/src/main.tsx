/**
 * Entry of the renderer (built by `npm run build:renderer`, served by the desktop app and by
 * `npm run serve`). The client is made first so the web token leaves the address bar at once.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { getClient } from './transport/index.ts';
import './styles.css';

getClient();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element.');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
