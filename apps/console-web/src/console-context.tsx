import { createContext, useContext } from 'react';
import type { ApiClient, AuthSession } from '@edubase/web-auth';
import type { Tenancy } from '@edubase/auth/grants';
import type { ConsoleSession } from './session';

/** What every page reads: the signed-in person, the services' APIs, and the page's reach. */
export interface ConsoleContextValue {
  auth: AuthSession;
  session: ConsoleSession;
  identity: ApiClient;
  networkAccess: ApiClient;
  governance: ApiClient;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole() outside the console shell');
  return value;
}

/** The schools the current page's roles reach (set by the shell for each page). */
export const PageReachContext = createContext<Tenancy>({ kind: 'schools', schoolCodes: [] });

export function usePageReach(): Tenancy {
  return useContext(PageReachContext);
}
