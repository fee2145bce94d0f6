// 责任单位 as governance knows it (identity's org units, GET /org-units): a system's owner unit must be one of
// them (the API answers 400 `ownerUnit` otherwise), so the form offers them instead of free text.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { OrgUnitView } from '@edubase/contracts/api/governance';
import { useConsole } from '../../console-context';

export interface OwnerUnitSelectProps {
  /** The system's school; null for a district system (units with no school), undefined before one is chosen. */
  schoolCode: string | null | undefined;
  value?: string;
  onChange?: (value: string) => void;
  id?: string;
}

export function OwnerUnitSelect({ schoolCode, value, onChange, id }: OwnerUnitSelectProps) {
  const { governance } = useConsole();
  const [units, setUnits] = useState<OrgUnitView[] | null>(null);

  useEffect(() => {
    if (schoolCode === undefined) {
      setUnits([]);
      return;
    }
    const controller = new AbortController();
    setUnits(null);
    governance
      .get<{ items: OrgUnitView[] }>('/org-units', schoolCode ? { schoolCode } : {}, controller.signal)
      .then(({ items }) => setUnits(schoolCode ? items : items.filter((unit) => unit.schoolCode === null)))
      .catch(() => {
        if (!controller.signal.aborted) setUnits([]);
      });
    return () => controller.abort();
  }, [governance, schoolCode]);

  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      loading={units === null}
      disabled={schoolCode === undefined}
      placeholder={schoolCode === undefined ? '先选择所属单位' : '选择责任单位'}
      notFoundContent={units === null ? '加载中…' : '没有可选的组织机构'}
      options={(units ?? []).map((unit) => ({ value: unit.name, label: unit.name }))}
    />
  );
}
