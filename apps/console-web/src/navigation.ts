// Every page of the console, who may open it and where its code is. A page is offered when the person's
// grants reach at least one school through one of its roles (the APIs' tenancy rule); a route not listed
// here does not exist. A new service's page is one entry here (see the README).
import type { ComponentType } from 'react';
import type { RoleName } from '@edubase/contracts/vocabulary';
import { roleLabels } from '@edubase/labels';

export type SectionKey = 'mine' | 'school' | 'network' | 'security' | 'governance' | 'district';

export const sections: Readonly<Record<SectionKey, string>> = {
  mine: '我的',
  school: roleLabels['school-admin'],
  network: roleLabels['network-admin'],
  security: roleLabels['security-officer'],
  governance: '数据安全治理',
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
  // 学校管理员 (identity: IDENTITY_WRITERS; the roster import's roles)
  {
    path: '/school/people',
    label: '人员管理',
    section: 'school',
    roles: ['school-admin'],
    load: () => import('./pages/people-page'),
  },
  {
    path: '/school/org-units',
    label: '组织机构',
    section: 'school',
    roles: ['school-admin'],
    load: () => import('./pages/org-units-page'),
  },
  {
    path: '/school/roster-import',
    label: '花名册导入',
    section: 'school',
    roles: ['school-admin', 'district-admin'],
    load: () => import('./pages/roster-import-page'),
  },
  // 网管员 (network access: NAS and terminals admit district-admin and network-admin)
  {
    path: '/network/nas',
    label: 'NAS 设备',
    section: 'network',
    roles: ['network-admin', 'district-admin'],
    load: () => import('./pages/nas-page'),
  },
  {
    path: '/network/terminals',
    label: '终端登记',
    section: 'network',
    roles: ['network-admin', 'district-admin'],
    load: () => import('./pages/terminals-page'),
  },
  {
    path: '/network/sessions',
    label: '在线会话',
    section: 'network',
    roles: ['network-admin', 'district-admin', 'security-officer'],
    load: () => import('./pages/sessions-page'),
  },
  // 网络安全管理员 (network access: trace admits security-officer, district-admin, network-admin)
  {
    path: '/security/trace',
    label: '溯源查询',
    section: 'security',
    roles: ['security-officer', 'district-admin', 'network-admin'],
    load: () => import('./pages/trace-page'),
  },
  {
    path: '/security/trace-audit',
    label: '溯源审计',
    section: 'security',
    roles: ['security-officer', 'auditor', 'network-admin'],
    load: () => import('./pages/trace-audit-page'),
  },
  // 数据安全治理 (governance): the register's and the catalog's readers (READERS, CATALOG_READERS); what
  // each may change (定级, 测评, 复核, 审批) the pages offer by the same roles as the routes.
  {
    path: '/governance/systems',
    label: '信息系统台账',
    section: 'governance',
    roles: ['security-officer', 'district-admin', 'leader', 'school-admin'],
    load: () => import('./pages/governance/systems-page'),
  },
  {
    path: '/governance/datasets',
    label: '数据目录',
    section: 'governance',
    roles: ['security-officer', 'district-admin', 'leader', 'school-admin'],
    load: () => import('./pages/governance/datasets-page'),
  },
  {
    path: '/governance/reviews',
    label: '分类分级复核',
    section: 'governance',
    roles: ['security-officer', 'district-admin', 'leader', 'school-admin'],
    load: () => import('./pages/governance/reviews-page'),
  },
  {
    path: '/governance/sharing',
    label: '数据共享',
    section: 'governance',
    roles: ['security-officer', 'district-admin', 'leader', 'school-admin'],
    load: () => import('./pages/governance/sharing-page'),
  },
  // The minors' PI compliance audit admits the security officer, the district administrator and the owner
  // school's administrator (AUDITORS).
  {
    path: '/governance/minors-pi-audits',
    label: '未成年人个人信息合规审计',
    section: 'governance',
    roles: ['security-officer', 'district-admin', 'school-admin'],
    load: () => import('./pages/governance/minors-pi-audit-page'),
  },
  // 区级管理员
  {
    path: '/district/people',
    label: '全区人员',
    section: 'district',
    roles: ['district-admin'],
    load: () => import('./pages/people-page'),
  },
  {
    path: '/district/schools',
    label: '学校与组织机构',
    section: 'district',
    roles: ['district-admin'],
    load: () => import('./pages/org-units-page'),
  },
  {
    path: '/district/keycloak-sync',
    label: 'Keycloak 同步',
    section: 'district',
    roles: ['district-admin'],
    load: () => import('./pages/keycloak-sync-page'),
  },
];

export const HOME_PATH = '/account';
