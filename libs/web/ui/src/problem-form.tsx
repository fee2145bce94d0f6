// Forms that show the server's answer where it belongs: each `errors[]` entry of a problem+json next to the
// field it names, everything else (403, 409 without a field, a network failure) above the buttons.
import { Alert, Form, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError, type FieldProblem } from '@edubase/web-auth';

/** `items[2].mobile` → ['items', 2, 'mobile'], the path antd names a field by. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .split(/\.|\[(\d+)\]/)
    .filter((part) => part !== undefined && part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the server's field errors on the form's fields. Returns those naming no field of this form, which
 * the form shows in its alert rather than dropping.
 */
export function applyFieldProblems(form: FormInstance, problems: readonly FieldProblem[]): FieldProblem[] {
  const known = new Set(form.getFieldsError().map((entry) => JSON.stringify(entry.name)));
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unplaced: FieldProblem[] = [];
  for (const problem of problems) {
    const name = fieldPath(problem.field);
    const key = JSON.stringify(name);
    if (!known.has(key)) {
      unplaced.push(problem);
      continue;
    }
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(problem.reason);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return unplaced;
}

/**
 * Submits through `send`; a problem+json answer lands on the fields and in `alert`. Resolves to the
 * result, or undefined when the server refused.
 */
export function useProblemSubmit(form: FormInstance) {
  const [alert, setAlert] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const submit = async <T,>(send: () => Promise<T>): Promise<T | undefined> => {
    setAlert(null);
    setSubmitting(true);
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof ApiError)) {
        setAlert(error instanceof Error ? error.message : String(error));
        return undefined;
      }
      const unplaced = applyFieldProblems(form, error.fieldErrors);
      const rest = unplaced.map((problem) => `${problem.field}：${problem.reason}`).join('；');
      if (error.fieldErrors.length === 0 || unplaced.length > 0)
        setAlert(rest ? `${error.message}（${rest}）` : error.message);
      return undefined;
    } finally {
      setSubmitting(false);
    }
  };
  return { submit, submitting, alert, clearAlert: () => setAlert(null) };
}

/** The form-level message of useProblemSubmit, read out by screen readers when it appears. */
export function ProblemAlert(props: { message: string | null; children?: ReactNode }) {
  if (!props.message) return null;
  return (
    <Form.Item>
      <Alert type="error" showIcon title={props.message} role="alert" data-testid="form-error" />
    </Form.Item>
  );
}
