import type { AuthenticatedUser } from '@edubase/auth';
import { protectRecord } from '@edubase/masking';
import { personNameProblem } from '../people/person-name';
import { PERSON_DATASET } from '../shared/data-classification';
import { splitChineseName } from '../keycloak/desired-account';
import type { OrgUnit } from '../org/org-unit.entity';
import type { Person } from '../people/person.entity';
import { scimBadRequest } from './scim-error';
import {
  EDUBASE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  PATCH_OP_SCHEMA,
  SCIM_BASE,
  USER_SCHEMA,
} from './scim-schemas';

/** What a SCIM client can set on a member of staff, in identity's terms. */
export interface ScimUserState {
  userName: string;
  name: string;
  email: string | null;
  mobile: string | null;
  active: boolean;
  externalId: string | null;
  /** Unit the person is placed in; wins over schoolCode when both are given. */
  orgId: string | null;
  schoolCode: string | null;
}

export type JsonObject = Record<string, unknown>;

export const etagOf = (person: Pick<Person, 'version'>): string => `W/"${person.version}"`;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
function member(object: JsonObject, name: string): unknown {
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

function optionalString(value: unknown, attribute: string): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== 'string') throw scimBadRequest('invalidValue', `${attribute} must be a string.`);
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function booleanValue(value: unknown, attribute: string): boolean {
  // Some HR connectors (Entra ID among them) send booleans as "True"/"False" strings.
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase()))
    return value.toLowerCase() === 'true';
  throw scimBadRequest('invalidValue', `${attribute} must be true or false.`);
}

/** Mainland mobile numbers arrive as "+86 138-1234-5678" too; identity keeps the 11 digits. */
export function normaliseMobile(value: string): string {
  return value.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
}

/** The one value of a multi-valued attribute identity keeps: the primary one, else the first. */
function chosenValue(value: unknown, attribute: string): string | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) throw scimBadRequest('invalidValue', `${attribute} must be an array.`);
  const entries = value.filter(isJsonObject);
  if (entries.length !== value.length)
    throw scimBadRequest('invalidValue', `${attribute} entries must be objects with a value.`);
  const chosen = entries.find((entry) => member(entry, 'primary') === true) ?? entries[0];
  return chosen === undefined
    ? null
    : (optionalString(member(chosen, 'value'), `${attribute}.value`) ?? null);
}

function nameFrom(body: JsonObject): string | undefined {
  const name = member(body, 'name');
  if (isJsonObject(name)) {
    const formatted = optionalString(member(name, 'formatted'), 'name.formatted');
    if (formatted) return formatted;
    const family = optionalString(member(name, 'familyName'), 'name.familyName') ?? '';
    const given = optionalString(member(name, 'givenName'), 'name.givenName') ?? '';
    // Chinese order: 姓 then 名, no space; Latin names keep the given name first.
    const chinese = /^[\u4e00-\u9fff·]*$/.test(family + given);
    const joined = chinese ? `${family}${given}` : [given, family].filter(Boolean).join(' ');
    if (joined) return joined;
  }
  return optionalString(member(body, 'displayName'), 'displayName') ?? undefined;
}

function extensionOf(body: JsonObject, schema: string): JsonObject | undefined {
  const extension = member(body, schema);
  if (extension === undefined) return undefined;
  if (!isJsonObject(extension)) throw scimBadRequest('invalidSyntax', `${schema} must be an object.`);
  return extension;
}

/**
 * A full User (POST, PUT) in identity's terms. `current` fills what a PUT leaves out of the placement
 * (schoolCode/orgId) and of the contact attributes identity keeps (see README: PUT never erases them).
 */
export function stateFromUser(body: unknown, current: ScimUserState | null): ScimUserState {
  if (!isJsonObject(body))
    throw scimBadRequest('invalidSyntax', 'The request body must be a SCIM User object.');
  const schemas = member(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(USER_SCHEMA))
    throw scimBadRequest('invalidSyntax', `schemas must include ${USER_SCHEMA}.`);
  const userName = optionalString(member(body, 'userName'), 'userName');
  if (!userName) throw scimBadRequest('invalidValue', 'userName (工号) is required.');
  const name = nameFrom(body);
  if (!name)
    throw scimBadRequest('invalidValue', 'name (name.formatted or familyName + givenName) is required.');
  const nameProblem = personNameProblem(name);
  if (nameProblem) throw scimBadRequest('invalidValue', `name: ${nameProblem}.`);
  const edubase = extensionOf(body, EDUBASE_USER_SCHEMA);
  const enterprise = extensionOf(body, ENTERPRISE_USER_SCHEMA);
  const employeeNumber = enterprise && optionalString(member(enterprise, 'employeeNumber'), 'employeeNumber');
  if (employeeNumber && employeeNumber !== userName)
    throw scimBadRequest('invalidValue', 'employeeNumber must equal userName: both are the 工号.');
  const emails = member(body, 'emails');
  const phones = member(body, 'phoneNumbers');
  const mobile = phones === undefined ? undefined : chosenValue(phones, 'phoneNumbers');
  const active = member(body, 'active');
  const externalId = optionalString(member(body, 'externalId'), 'externalId');
  const orgId = edubase ? optionalString(member(edubase, 'orgId'), 'orgId') : undefined;
  const schoolCode = edubase ? optionalString(member(edubase, 'schoolCode'), 'schoolCode') : undefined;
  const placed = orgId !== undefined || schoolCode !== undefined;
  return {
    userName,
    name,
    email: emails === undefined ? (current?.email ?? null) : chosenValue(emails, 'emails'),
    mobile: mobile === undefined ? (current?.mobile ?? null) : mobile && normaliseMobile(mobile),
    active: active === undefined ? true : booleanValue(active, 'active'),
    externalId: externalId === undefined ? (current?.externalId ?? null) : externalId,
    orgId: placed ? (orgId ?? null) : (current?.orgId ?? null),
    schoolCode: placed ? (schoolCode ?? null) : (current?.schoolCode ?? null),
  };
}

const edubasePrefix = `${EDUBASE_USER_SCHEMA.toLowerCase()}:`;
const filteredValue = /^(emails|phonenumbers)\[type eq "(\w+)"\]\.value$/;

/** Applies one attribute path of a PATCH operation (RFC 7644 §3.5.2) to the state. */
function applyPath(
  state: ScimUserState,
  op: 'add' | 'replace' | 'remove',
  rawPath: string,
  value: unknown,
): void {
  const path = rawPath.trim().toLowerCase();
  const removing = op === 'remove';
  const text = (attribute: string) => (removing ? null : (optionalString(value, attribute) ?? null));
  const split = () => splitChineseName(state.name);
  const join = (familyName: string, givenName: string) =>
    /^[\u4e00-\u9fff·]*$/.test(familyName + givenName)
      ? familyName + givenName
      : `${givenName} ${familyName}`;
  const requireValue = <T>(result: T | null, attribute: string): T => {
    if (result === null || result === undefined)
      throw scimBadRequest('mutability', `${attribute} cannot be removed.`);
    return result;
  };
  const filtered = filteredValue.exec(path);
  if (filtered) {
    const target = filtered[1] === 'emails' ? 'email' : 'mobile';
    const next = text(rawPath);
    state[target] = target === 'mobile' && next ? normaliseMobile(next) : next;
    return;
  }
  switch (path) {
    case 'active':
      state.active = requireValue(removing ? null : booleanValue(value, 'active'), 'active');
      return;
    case 'username':
      state.userName = requireValue(text('userName'), 'userName');
      return;
    case 'externalid':
      state.externalId = text('externalId');
      return;
    case 'displayname':
    case 'name.formatted':
      state.name = requireValue(text(path), 'name');
      return;
    case 'name.familyname':
      state.name = join(requireValue(text(path), 'name.familyName'), split().firstName);
      return;
    case 'name.givenname':
      state.name = join(split().lastName, requireValue(text(path), 'name.givenName'));
      return;
    case 'name':
      if (removing || !isJsonObject(value)) throw scimBadRequest('invalidValue', 'name must be an object.');
      state.name = requireValue(nameFrom({ name: value }) ?? null, 'name');
      return;
    case 'emails':
      state.email = removing ? null : chosenValue(value, 'emails');
      return;
    case 'phonenumbers': {
      const mobile = removing ? null : chosenValue(value, 'phoneNumbers');
      state.mobile = mobile && normaliseMobile(mobile);
      return;
    }
  }
  if (path.startsWith(edubasePrefix)) {
    const sub = path.slice(edubasePrefix.length);
    if (sub === 'schoolcode') state.schoolCode = requireValue(text(rawPath), 'schoolCode');
    else if (sub === 'orgid') state.orgId = requireValue(text(rawPath), 'orgId');
    else throw scimBadRequest('invalidPath', `${rawPath} is read-only or unknown.`);
    if (sub === 'schoolcode') state.orgId = null;
    return;
  }
  if (path === EDUBASE_USER_SCHEMA.toLowerCase() && isJsonObject(value) && !removing) {
    for (const [key, inner] of Object.entries(value))
      applyPath(state, op, `${EDUBASE_USER_SCHEMA}:${key}`, inner);
    return;
  }
  throw scimBadRequest('invalidPath', `Unsupported attribute path ${rawPath}.`);
}

/** The state after a PatchOp message; nothing is written until every operation was understood. */
export function patchedState(current: ScimUserState, body: unknown): ScimUserState {
  if (!isJsonObject(body))
    throw scimBadRequest('invalidSyntax', 'The request body must be a PatchOp message.');
  const schemas = member(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_OP_SCHEMA))
    throw scimBadRequest('invalidSyntax', `schemas must be [${PATCH_OP_SCHEMA}].`);
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0)
    throw scimBadRequest('invalidSyntax', 'Operations must be a non-empty array.');
  const state = { ...current };
  for (const [index, operation] of operations.entries()) {
    if (!isJsonObject(operation))
      throw scimBadRequest('invalidSyntax', `Operations[${index}] must be an object.`);
    const op = String(member(operation, 'op') ?? '').toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw scimBadRequest('invalidSyntax', `Operations[${index}].op must be add, replace or remove.`);
    const path = member(operation, 'path');
    const value = member(operation, 'value');
    if (typeof path === 'string' && path.trim() !== '') {
      applyPath(state, op, path, value);
      continue;
    }
    if (op === 'remove') throw scimBadRequest('noTarget', `Operations[${index}]: remove needs a path.`);
    if (!isJsonObject(value))
      throw scimBadRequest('invalidValue', `Operations[${index}]: without a path, value must be an object.`);
    for (const [key, inner] of Object.entries(value)) applyPath(state, op, key, inner);
  }
  return state;
}

export interface UserPlacement {
  org: OrgUnit | null;
  school: OrgUnit | null;
}

/**
 * A member of staff as a SCIM User for `reader`. Provisioning clients store what they read, so a contact
 * attribute the reader may not see in full (PERSON_DATASET's grades: identity:read systems get no phone
 * numbers) is left out, never sent masked: a stored 138****5678 would pass for the person's number.
 */
export function userResource(
  person: Person,
  externalId: string | null,
  placement: UserPlacement,
  reader: AuthenticatedUser,
) {
  const { lastName, firstName } = splitChineseName(person.name);
  const { record: contact } = protectRecord(
    PERSON_DATASET,
    { email: person.email, mobile: person.mobile },
    reader,
    { schoolCode: person.schoolCode },
    { masked: 'remove' },
  );
  const department = placement.org?.kind === 'department' ? placement.org.name : undefined;
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, EDUBASE_USER_SCHEMA],
    id: person.id,
    ...(externalId ? { externalId } : {}),
    userName: person.staffNo,
    name: { formatted: person.name, familyName: lastName, givenName: firstName },
    displayName: person.name,
    emails: contact.email ? [{ value: contact.email, type: 'work', primary: true }] : [],
    phoneNumbers: contact.mobile ? [{ value: contact.mobile, type: 'mobile', primary: true }] : [],
    active: person.status === 'active',
    [ENTERPRISE_USER_SCHEMA]: {
      employeeNumber: person.staffNo,
      ...(placement.school ? { organization: placement.school.name } : {}),
      ...(department ? { department } : {}),
    },
    [EDUBASE_USER_SCHEMA]: {
      schoolCode: person.schoolCode,
      orgId: person.orgId,
      status: person.status,
      departureKind: person.departureKind,
    },
    meta: {
      resourceType: 'User',
      created: person.createdAt.toISOString(),
      lastModified: person.updatedAt.toISOString(),
      location: `${SCIM_BASE}/Users/${person.id}`,
      version: etagOf(person),
    },
  };
}
export type ScimUserResource = ReturnType<typeof userResource>;
