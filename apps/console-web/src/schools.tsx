// The schools a page works on: those its roles reach (the shell's PageReach), named from identity's org tree.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { OrgTreeNode } from '@edubase/contracts/api/identity';
import { useConsole, usePageReach } from './console-context';

export type { OrgTreeNode } from '@edubase/contracts/api/identity';

export interface SchoolChoice {
  code: string;
  name: string;
  orgId: string | null;
}

export function flattenTree(nodes: readonly OrgTreeNode[]): OrgTreeNode[] {
  return nodes.flatMap((node) => [node, ...flattenTree(node.children)]);
}

/** The org tree as identity shows it to this person (the whole tree for district staff, else their school's). */
export function useOrgTree(): { tree: OrgTreeNode[] | null; error: string | null; reload: () => void } {
  const { identity } = useConsole();
  const [tree, setTree] = useState<OrgTreeNode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    identity
      .get<OrgTreeNode[]>('/orgs/tree')
      .then((nodes) => live && setTree(nodes))
      .catch((failure: Error) => live && setError(failure.message));
    return () => {
      live = false;
    };
  }, [identity, attempt]);
  return { tree, error, reload: () => setAttempt((count) => count + 1) };
}

/** The schools this page reaches, by name where the org tree knows them. */
export function useSchoolChoices(): SchoolChoice[] {
  const reach = usePageReach();
  const { tree } = useOrgTree();
  const named = new Map(
    flattenTree(tree ?? [])
      .filter((node) => node.kind === 'school' && node.schoolCode)
      .map((node) => [node.schoolCode!, node]),
  );
  const codes = reach.kind === 'district' ? [...named.keys()] : [...reach.schoolCodes];
  return codes.map((code) => ({
    code,
    name: named.get(code)?.name ?? `学校 ${code}`,
    orgId: named.get(code)?.id ?? null,
  }));
}

/** A school picker; `allowAll` adds 全部学校 (undefined) for lists. */
export function SchoolSelect(props: {
  schools: readonly SchoolChoice[];
  /** Set by the caller, or by a Form.Item around the select. */
  value?: string | undefined;
  onChange?: (code: string | undefined) => void;
  allowAll?: boolean;
  id?: string;
}) {
  return (
    <Select
      id={props.id}
      aria-label="学校"
      style={{ minWidth: 200 }}
      value={props.value ?? (props.allowAll ? '' : undefined)}
      placeholder="选择学校"
      onChange={(value: string) => props.onChange?.(value === '' ? undefined : value)}
      options={[
        ...(props.allowAll ? [{ value: '', label: '全部学校' }] : []),
        ...props.schools.map((school) => ({ value: school.code, label: `${school.name}（${school.code}）` })),
      ]}
    />
  );
}
