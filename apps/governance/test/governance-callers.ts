import { createRealmUser, deleteRealmUser, passwordGrantToken, uniqueRunId } from '@edubase/testing';

export const OWN = '3101200001';
export const OTHER = '3101200002';

/** Real realm users for a suite: the district's security officer, school A's administrator, district admin. */
export interface GovernanceCallers {
  officer: string;
  schoolAdmin: string;
  otherSchoolAdmin: string;
  district: string;
  close(): Promise<void>;
}

export async function governanceCallers(): Promise<GovernanceCallers> {
  const created: { id: string; token: string }[] = [];
  const user = async (grants: string[], schoolCode: string | null) => {
    const made = await createRealmUser({
      username: `gov${uniqueRunId()}`,
      grants,
      ...(schoolCode ? { schoolCode } : {}),
      password: 'Generated-Passw0rd!',
    });
    created.push(made);
    return made.token;
  };
  return {
    officer: await user(['security-officer@district'], null),
    schoolAdmin: await user([`school-admin@${OWN}`], OWN),
    otherSchoolAdmin: await user([`school-admin@${OTHER}`], OTHER),
    district: await passwordGrantToken('district.admin'),
    async close() {
      for (const { id } of created) await deleteRealmUser(id);
    },
  };
}

/** A JSON call with a bearer token; answers status and parsed body. */
export async function call<T = unknown>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
