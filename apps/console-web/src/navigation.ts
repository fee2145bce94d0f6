// Every page of the console, who may open it and where its code is. A page is offered when the person's
// grants reach at least one school through one of its roles (the APIs' tenancy rule); a route not listed
// here does not exist. A new service's page is one entry here (see the README).
import type { ComponentType } from 'react';
import type { RoleName } from '@edubase/contracts/vocabulary';
import { roleLabels } from '@edubase/labels';

export type SectionKey = 'mine' | 'school' | 'network' | 'security' | 'district';

export const sections: Readonly<Record<SectionKey, string>> = {
  mine: '我的',
  school: roleLabels['school-admin'],
  network: roleLabels['network-admin'],
  security: roleLabels['security-officer'],
  district: roleLabels['district-admin'],
};

export interface ConsolePage {
  path: string;
  label: string;
  section: SectionKey;
  /** Who may open it; `everyone` is any signed-in person. */
  roles: readonly RoleName[] | 'everyone';
  /** Loaded on first visit: each page is its own chunk. */
  load: () => Promise<{ default: ComponentType }>;
}

export const pages: readonly ConsolePage[] = [
  {
    path: '/account',
    label: '我的账号',
    section: 'mine',
    roles: 'everyone',
    load: () => import('./pages/account-page'),
  },
];

export const HOME_PATH = '/account';
