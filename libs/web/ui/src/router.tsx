// Client-side routes on the History API: the console's pages are a handful of paths, so a router package
// would add more than it saves. Every path reloads to index.html on the console's server.
import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useState,
  type MouseEvent,
  type ReactNode,
} from 'react';

interface RouterState {
  path: string;
  search: URLSearchParams;
  navigate(to: string): void;
}

const RouterContext = createContext<RouterState | null>(null);

export function RouterProvider(props: { children: ReactNode }) {
  const [location, setLocation] = useState(() => ({
    path: window.location.pathname,
    search: window.location.search,
  }));
  useEffect(() => {
    const onPop = () => setLocation({ path: window.location.pathname, search: window.location.search });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const state = useMemo<RouterState>(
    () => ({
      path: location.path,
      search: new URLSearchParams(location.search),
      navigate(to: string) {
        window.history.pushState(null, '', to);
        const url = new URL(to, window.location.origin);
        setLocation({ path: url.pathname, search: url.search });
        window.scrollTo(0, 0);
      },
    }),
    [location],
  );
  return <RouterContext.Provider value={state}>{props.children}</RouterContext.Provider>;
}

export function useRouter(): RouterState {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useRouter() outside <RouterProvider>');
  return router;
}

/** An in-app link: a real <a href> (open in new tab works), navigating without a reload on a plain click. */
export function Link(props: { to: string; children: ReactNode; className?: string; 'data-testid'?: string }) {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.to);
  };
  return (
    <a href={props.to} onClick={onClick} className={props.className} data-testid={props['data-testid']}>
      {props.children}
    </a>
  );
}
