import { useEffect, useState, type ComponentType, type MouseEvent } from 'react';
import { Notices } from './components/Notices.tsx';
import { Sidebar } from './components/Sidebar.tsx';
import { routeFromHash, routes, type RouteId } from './routes.ts';
import { ChatScreen } from './screens/ChatScreen.tsx';
import { DatasetScreen } from './screens/DatasetScreen.tsx';
import { LibraryScreen } from './screens/LibraryScreen.tsx';
import { ModelsScreen } from './screens/ModelsScreen.tsx';
import { ReviewScreen } from './screens/ReviewScreen.tsx';
import { StatusScreen } from './screens/StatusScreen.tsx';
import { TrainScreen } from './screens/TrainScreen.tsx';

/** One component per screen; each later issue replaces its own screen file, never this map. */
const screens: Record<RouteId, ComponentType> = {
  library: LibraryScreen,
  review: ReviewScreen,
  dataset: DatasetScreen,
  train: TrainScreen,
  models: ModelsScreen,
  chat: ChatScreen,
  status: StatusScreen,
};

export function App() {
  const route = useHashRoute();
  const Screen = screens[route];
  useEffect(() => {
    // The window title names the screen, for the task switcher and screen readers.
    const label = routes.find((r) => r.id === route)?.label;
    document.title = label ? `${label} · Confidant` : 'Confidant';
  }, [route]);
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skipToContent}>
        Skip to content
      </a>
      <Sidebar current={route} />
      <main id="main" className="content" tabIndex={-1}>
        <div className="content-inner">
          <Notices />
          <Screen key={route} />
        </div>
      </main>
    </div>
  );
}

/** The hash is the route, so the skip link moves focus itself instead of navigating to `#main`. */
function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function useHashRoute(): RouteId {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
