/** SCIM 2.0 schema URNs (RFC 7643 §8.7) and EduBase's own extensions. */
export const SCIM_CONTENT_TYPE = 'application/scim+json';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** 学校标识码, unit and status of a member of staff: what identity needs beyond the core schema. */
export const EDUBASE_USER_SCHEMA = 'urn:edubase:params:scim:schemas:extension:identity:2.0:User';
export const EDUBASE_GROUP_SCHEMA = 'urn:edubase:params:scim:schemas:extension:identity:2.0:Group';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export const SCIM_BASE = '/scim/v2';
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 100;

export function serviceProviderConfig() {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    documentationUri: 'https://edubase.example.cn/docs#/SCIM',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description:
          'Client-credentials token of a district system from the edubase realm: scope identity:read for GET, identity:write for writes.',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${SCIM_BASE}/ServiceProviderConfig` },
  };
}

export function resourceTypes() {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: '教职工 (staff); userName is the 工号',
      schema: USER_SCHEMA,
      schemaExtensions: [
        { schema: ENTERPRISE_USER_SCHEMA, required: false },
        { schema: EDUBASE_USER_SCHEMA, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${SCIM_BASE}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: '学校 and 部门 (schools and departments); members are the staff of the unit',
      schema: GROUP_SCHEMA,
      schemaExtensions: [{ schema: EDUBASE_GROUP_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${SCIM_BASE}/ResourceTypes/Group` },
    },
  ];
}

interface AttributeDefinition {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'dateTime' | 'reference';
  multiValued: boolean;
  required: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'default';
  uniqueness: 'none' | 'server';
  caseExact: boolean;
  description: string;
  subAttributes?: AttributeDefinition[];
}

const attribute = (
  name: string,
  description: string,
  overrides: Partial<AttributeDefinition> = {},
): AttributeDefinition => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  caseExact: false,
  description,
  ...overrides,
});

const valueAndType = (description: string) => [
  attribute('value', description),
  attribute('type', 'work / mobile'),
  attribute('primary', 'The one identity keeps', { type: 'boolean' }),
];

export function schemaDefinitions() {
  const schema = (id: string, name: string, description: string, attributes: AttributeDefinition[]) => ({
    schemas: [SCHEMA_SCHEMA],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: 'Schema', location: `${SCIM_BASE}/Schemas/${id}` },
  });
  return [
    schema(USER_SCHEMA, 'User', '教职工', [
      attribute('userName', '工号 (the SSO username); immutable once created', {
        required: true,
        uniqueness: 'server',
        mutability: 'immutable',
      }),
      attribute('name', 'Chinese order: familyName (姓) + givenName (名)', {
        type: 'complex',
        required: true,
        subAttributes: [
          attribute('formatted', 'Full name as written, 姓 first'),
          attribute('familyName', '姓'),
          attribute('givenName', '名'),
        ],
      }),
      attribute('displayName', 'Same as name.formatted'),
      attribute('emails', 'One work e-mail is kept', {
        type: 'complex',
        multiValued: true,
        subAttributes: valueAndType('e-mail address'),
      }),
      attribute('phoneNumbers', 'One mainland mobile number (1[3-9] + 9 digits) is kept', {
        type: 'complex',
        multiValued: true,
        subAttributes: valueAndType('mobile number'),
      }),
      attribute('active', 'false suspends the person (Keycloak account disabled, sessions ended)', {
        type: 'boolean',
      }),
      attribute('externalId', 'The HR system’s own id', { caseExact: true }),
    ]),
    schema(ENTERPRISE_USER_SCHEMA, 'EnterpriseUser', 'Enterprise extension (read: employeeNumber = 工号)', [
      attribute('employeeNumber', '工号', { mutability: 'readOnly' }),
      attribute('organization', 'School name', { mutability: 'readOnly' }),
      attribute('department', 'Department name, when the person belongs to one', { mutability: 'readOnly' }),
    ]),
    schema(EDUBASE_USER_SCHEMA, 'EduBaseUser', 'Where the person works and their status', [
      attribute('schoolCode', '学校标识码 (10 digits): the person is placed in the school itself'),
      attribute('orgId', 'Organisation unit id (a school or a department); takes precedence over schoolCode'),
      attribute('status', 'active / suspended / departed', { mutability: 'readOnly' }),
      attribute('departureKind', 'resigned 离职 / transferred 调出', { mutability: 'readOnly' }),
    ]),
    schema(GROUP_SCHEMA, 'Group', '学校 or 部门', [
      attribute('displayName', 'Unit name (changed through /orgs)', {
        required: true,
        mutability: 'readOnly',
      }),
      attribute('members', 'Staff placed in this unit; PATCH add moves people here', {
        type: 'complex',
        multiValued: true,
        subAttributes: [
          attribute('value', 'User id'),
          attribute('display', 'Name', { mutability: 'readOnly' }),
        ],
      }),
      attribute('externalId', '学校标识码 of a school', { mutability: 'readOnly' }),
    ]),
    schema(EDUBASE_GROUP_SCHEMA, 'EduBaseGroup', 'Kind and place of the unit', [
      attribute('kind', 'school / department', { mutability: 'readOnly' }),
      attribute('schoolCode', '学校标识码 of the school the unit belongs to', { mutability: 'readOnly' }),
      attribute('parentId', 'Parent unit id', { mutability: 'readOnly' }),
    ]),
  ];
}
