import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { readStoredLanguage } from './i18n/storage';
import { session } from './lib/session';
import { refreshSession } from './lib/useSession';
import './styles.css';

// Before the first render, so the page never announces itself in the wrong language.
document.documentElement.lang = readStoredLanguage();

// Who is signed in (the session cookie is HttpOnly): asked once, while the first page's chunk loads, when this
// browser has signed in before.
if (session.needsCheck()) void refreshSession();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
