import type { KeyboardEvent } from 'react';
import { hashFor, routes, type RouteId } from '../routes.ts';
import { NavIcon } from './NavIcon.tsx';

const mainRoutes = routes.filter((route) => route.id !== 'status');
const statusRoute = routes.find((route) => route.id === 'status');

/**
 * The app's navigation: plain links to hash routes, so Tab, Enter, middle-click and the browser's
 * back button all work. Up/Down arrows move between items as in a desktop sidebar.
 */
export function Sidebar({ current }: { current: RouteId }) {
  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = Array.from(event.currentTarget.querySelectorAll<HTMLAnchorElement>('a.nav-link'));
    const index = links.findIndex((link) => link === document.activeElement);
    if (index === -1) return;
    event.preventDefault();
    const next = event.key === 'ArrowDown' ? (index + 1) % links.length : (index - 1 + links.length) % links.length;
    links[next].focus();
  }

  return (
    <aside className="sidebar">
      <div className="brand">
        <img className="brand-mark" src="./favicon.svg" alt="" />
        <div>
          <p className="brand-name">Confidant</p>
          <p className="brand-tagline">Private. Offline. Yours.</p>
        </div>
      </div>
      <nav aria-label="Main" onKeyDown={onKeyDown}>
        <ul className="nav-list">
          {mainRoutes.map((route) => (
            <NavItem key={route.id} id={route.id} label={route.label} hint={route.hint} isCurrent={route.id === current} />
          ))}
        </ul>
        {statusRoute ? (
          <ul className="nav-list nav-list-footer">
            <NavItem id={statusRoute.id} label={statusRoute.label} hint={statusRoute.hint} isCurrent={statusRoute.id === current} />
          </ul>
        ) : null}
      </nav>
      <p className="sidebar-note">Your notes never leave this computer.</p>
    </aside>
  );
}

function NavItem({ id, label, hint, isCurrent }: { id: RouteId; label: string; hint: string; isCurrent: boolean }) {
  return (
    <li>
      <a className="nav-link" href={hashFor(id)} aria-current={isCurrent ? 'page' : undefined} aria-describedby={`nav-hint-${id}`}>
        <NavIcon id={id} />
        <span className="nav-text">
          <span className="nav-label">{label}</span>
          <span className="nav-hint" id={`nav-hint-${id}`} aria-hidden="true">
            {hint}
          </span>
        </span>
      </a>
    </li>
  );
}
