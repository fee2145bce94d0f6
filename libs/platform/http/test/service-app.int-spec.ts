// The platform HTTP stack end to end against the real Keycloak (realm edubase) and MariaDB: a tiny
// service built with createServiceApp, called in-process with app.inject().
import { Body, Controller, Get, Injectable, Module, Param, Post } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Type } from 'class-transformer';
import { IsArray, IsString, Matches, ValidateNested } from 'class-validator';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  assertSchoolAccess,
  Authenticated,
  AuthenticatedUser,
  CurrentUser,
  KeycloakTokenVerifier,
  Public,
  Roles,
  ServiceScopes,
} from '@edubase/auth';
import { BaseServiceConfig } from '@edubase/config';
import {
  clientCredentialsToken,
  KEYCLOAK_REALM,
  KEYCLOAK_URL,
  passwordGrantToken,
  TemporaryDatabase,
} from '@edubase/testing';
import { createServiceApp, PROBLEM_CONTENT_TYPE, READINESS_CHECKS, ReadinessCheck } from '../src';

/** The realm's demo district system (a confidential client with the identity:read scope). */
const DISTRICT_SYSTEM = { clientId: 'district-system-demo', secret: 'district-system-demo-secret' };

class ContactDto {
  @IsString()
  name!: string;

  @Matches(/^1\d{10}$/, { message: 'mobile must be an 11-digit mainland mobile number' })
  mobile!: string;
}

class ContactImportDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  items!: ContactDto[];
}

@Controller('probe')
class ProbeController {
  @Public()
  @Get('open')
  open(): { open: true } {
    return { open: true };
  }

  @Authenticated()
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }

  @Roles('district-admin')
  @Get('district')
  district(): { ok: true } {
    return { ok: true };
  }

  @Roles('district-admin', 'leader')
  @ServiceScopes('identity:read')
  @Get('people')
  people(@CurrentUser() user: AuthenticatedUser): { caller: string } {
    return { caller: user.username };
  }

  @Roles('district-admin', 'leader', 'school-admin', 'teacher', 'network-admin')
  @Get('schools/:schoolCode')
  school(
    @Param('schoolCode') schoolCode: string,
    @CurrentUser() user: AuthenticatedUser,
  ): { schoolCode: string } {
    assertSchoolAccess(user, schoolCode);
    return { schoolCode };
  }

  @Authenticated()
  @Post('contacts')
  importContacts(@Body() body: ContactImportDto): { imported: number; isDto: boolean } {
    return { imported: body.items.length, isDto: body instanceof ContactImportDto };
  }

  @Public()
  @Get('boom')
  boom(): never {
    throw new Error('ER_ACCESS_DENIED for db user at 10.0.0.5');
  }

  @Get('undeclared')
  // eslint-disable-next-line edubase/require-route-access -- proves the guard also denies at runtime
  undeclared(): { leaked: true } {
    return { leaked: true };
  }
}

/** A dependency the test can switch off, registered the way the messaging lib registers Kafka. */
@Injectable()
class SwitchableCheck implements ReadinessCheck {
  readonly name = 'switchable';
  up = true;

  constructor(@Inject(READINESS_CHECKS) checks: ReadinessCheck[]) {
    checks.push(this);
  }

  async check(): Promise<void> {
    if (!this.up) throw new Error('switched off');
  }
}

class ProbeConfig extends BaseServiceConfig {}

function decodePayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

function withPayload(jwt: string, change: Record<string, unknown>): string {
  const [header, , signature] = jwt.split('.');
  const payload = Buffer.from(JSON.stringify({ ...decodePayload(jwt), ...change })).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Counts outgoing node:http requests to Keycloak (keycloak-connect's JWKS fetches use node:http). */
function keycloakRequestCounter(): { count: () => number; paths: string[]; stop: () => void } {
  const paths: string[] = [];
  const keycloakHost = new URL(KEYCLOAK_URL).host;
  const onRequest = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (request.getHeader('host') === keycloakHost) paths.push(request.path);
  };
  diagnosticsChannel.subscribe('http.client.request.start', onRequest);
  return {
    count: () => paths.length,
    paths,
    stop: () => diagnosticsChannel.unsubscribe('http.client.request.start', onRequest),
  };
}

describe('platform HTTP service (real Keycloak and MariaDB)', () => {
  const database = new TemporaryDatabase('platform_http');
  const logLines: Record<string, unknown>[] = [];
  let app: NestFastifyApplication;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    await database.create();

    @Module({
      imports: [
        TypeOrmModule.forRoot({
          type: 'mariadb',
          connectorPackage: 'mysql2',
          host: database.connection.host,
          port: database.connection.port,
          username: database.connection.user,
          password: database.connection.password,
          database: database.name,
          retryAttempts: 1,
        }),
      ],
      controllers: [ProbeController],
      providers: [SwitchableCheck],
    })
    class ProbeModule {}

    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean))
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await createServiceApp(ProbeModule, {
      serviceName: 'probe',
      title: 'Probe API',
      description: 'Platform test service',
      configClass: ProbeConfig,
      env: { ...database.env, KEYCLOAK_URL, KEYCLOAK_REALM, LOG_LEVEL: 'info' },
      logger: pino({ base: { service: 'probe' } }, sink),
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();

    const names = [
      'district.admin',
      'leader1',
      'admin.3101200001',
      'teacher.3101200001',
      'netadmin.3101200001',
    ];
    for (const name of names) tokens[name] = await passwordGrantToken(name);
    tokens.system = await clientCredentialsToken(DISTRICT_SYSTEM.clientId, DISTRICT_SYSTEM.secret, [
      'identity:read',
    ]);
    tokens.systemNoScope = await clientCredentialsToken(DISTRICT_SYSTEM.clientId, DISTRICT_SYSTEM.secret);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await database.drop();
  }, 30_000);

  const get = (url: string, bearer?: string) =>
    app.inject({ method: 'GET', url, headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  function expectProblem(
    response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
    status: number,
  ) {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    const problem = response.json() as Record<string, unknown>;
    expect(problem).toMatchObject({
      status,
      type: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
      instance: expect.any(String),
    });
    return problem;
  }

  describe('authentication', () => {
    it('answers a protected route without a token with 401 problem+json and WWW-Authenticate: Bearer', async () => {
      const response = await get('/probe/me');
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    });

    it('refuses a garbage token, a tampered token and an expired token with 401', async () => {
      expectProblem(await get('/probe/me', 'not-a-jwt'), 401);
      const escalated = withPayload(tokens['teacher.3101200001'], {
        realm_access: { roles: ['district-admin'] },
      });
      const tampered = await get('/probe/district', escalated);
      expectProblem(tampered, 401);
      expect(tampered.headers['www-authenticate']).toContain('error="invalid_token"');
      const expired = await get(
        '/probe/me',
        withPayload(tokens['leader1'], { exp: Math.floor(Date.now() / 1000) - 5 }),
      );
      expect(expectProblem(expired, 401).detail).toContain('expired');
    });

    it('refuses a genuine token of the realm when it was not issued for this audience', async () => {
      const otherApi = new KeycloakTokenVerifier({
        keycloakUrl: KEYCLOAK_URL,
        realm: KEYCLOAK_REALM,
        audience: 'some-other-api',
      });
      await expect(otherApi.verify(tokens['district.admin'])).rejects.toThrow('audience');
      const wrongRealm = new KeycloakTokenVerifier({
        keycloakUrl: KEYCLOAK_URL,
        realm: 'master',
        audience: 'edubase-api',
      });
      await expect(wrongRealm.verify(tokens['district.admin'])).rejects.toThrow('another realm');
    });

    it('maps the token to the caller for @CurrentUser()', async () => {
      const response = await get('/probe/me', tokens['teacher.3101200001']);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        username: 'teacher.3101200001',
        roles: ['teacher'],
        schoolCode: '3101200001',
        clientId: 'edubase-cli',
        isServiceAccount: false,
      });
      const admin = (await get('/probe/me', tokens['district.admin'])).json() as AuthenticatedUser;
      expect(admin).toMatchObject({
        username: 'district.admin',
        roles: ['district-admin'],
        schoolCode: null,
      });
    });

    it('verifies offline: after the realm keys are cached, new and repeated tokens cause no Keycloak call', async () => {
      expect((await get('/probe/me', tokens['leader1'])).statusCode).toBe(200); // warm-up: keys fetched once
      const counter = keycloakRequestCounter();
      try {
        for (let round = 0; round < 20; round += 1)
          for (const name of ['district.admin', 'admin.3101200001', 'netadmin.3101200001'])
            expect((await get('/probe/me', tokens[name])).statusCode).toBe(200);
        expect((await get('/probe/people', tokens.system)).statusCode).toBe(200);
        expect(counter.paths).toEqual([]);
      } finally {
        counter.stop();
      }
    });

    it('counts as a Keycloak call what the counter should see (a key fetch)', async () => {
      // Guards the test above against a counter that can never count.
      const counter = keycloakRequestCounter();
      try {
        const fresh = new KeycloakTokenVerifier({
          keycloakUrl: KEYCLOAK_URL,
          realm: KEYCLOAK_REALM,
          audience: 'edubase-api',
        });
        await fresh.verify(tokens['district.admin']);
        expect(counter.paths).toEqual([`/realms/${KEYCLOAK_REALM}/protocol/openid-connect/certs`]);
      } finally {
        counter.stop();
      }
    });
  });

  describe('authorisation', () => {
    it('gives 403 problem+json to a user lacking the role, 200 to one holding it', async () => {
      expect((await get('/probe/district', tokens['district.admin'])).statusCode).toBe(200);
      expectProblem(await get('/probe/district', tokens['leader1']), 403);
      expectProblem(await get('/probe/district', tokens['teacher.3101200001']), 403);
    });

    it('lets a route accept roles or a district system scope, and neither without them', async () => {
      expect((await get('/probe/people', tokens['leader1'])).json()).toEqual({ caller: 'leader1' });
      expect((await get('/probe/people', tokens.system)).json()).toEqual({
        caller: 'service-account-district-system-demo',
      });
      expectProblem(await get('/probe/people', tokens.systemNoScope), 403);
      expectProblem(await get('/probe/people', tokens['admin.3101200001']), 403);
    });

    it('does not treat a district system as a user on @Authenticated routes', async () => {
      expectProblem(await get('/probe/me', tokens.system), 403);
    });

    it('keeps school staff to their own school while district roles see all', async () => {
      expect((await get('/probe/schools/3101200001', tokens['admin.3101200001'])).statusCode).toBe(200);
      expect((await get('/probe/schools/3101200001', tokens['netadmin.3101200001'])).statusCode).toBe(200);
      const other = expectProblem(await get('/probe/schools/3101200002', tokens['admin.3101200001']), 403);
      expect(other.detail).toContain('3101200002');
      expectProblem(await get('/probe/schools/3101200002', tokens['teacher.3101200001']), 403);
      expect((await get('/probe/schools/3101200002', tokens['district.admin'])).statusCode).toBe(200);
      expect((await get('/probe/schools/3101200002', tokens['leader1'])).statusCode).toBe(200);
    });

    it('denies at runtime a route that declares no access rule, even to a district admin', async () => {
      const response = await get('/probe/undeclared', tokens['district.admin']);
      expectProblem(response, 403);
      expect(response.body).not.toContain('leaked');
      expectProblem(await get('/probe/undeclared'), 403);
    });

    it('serves @Public routes without a token', async () => {
      expect((await get('/probe/open')).json()).toEqual({ open: true });
    });
  });

  describe('errors as problem+json', () => {
    const post = (payload: unknown, contentType = 'application/json') =>
      app.inject({
        method: 'POST',
        url: '/probe/contacts',
        headers: { authorization: `Bearer ${tokens['teacher.3101200001']}`, 'content-type': contentType },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });

    it('accepts a valid body as a DTO instance', async () => {
      const response = await post({ items: [{ name: '张三', mobile: '13800000000' }] });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ imported: 1, isDto: true });
    });

    it('answers a bad DTO with 400 naming each field, nested paths included', async () => {
      const response = await post({
        items: [
          { name: '张三', mobile: '13800000000' },
          { name: '李四', mobile: '13800000001' },
          { name: '王五', mobile: '123' },
        ],
        extra: true,
      });
      const problem = expectProblem(response, 400);
      expect(problem.errors).toEqual([
        { field: 'extra', reason: 'property extra should not exist' },
        { field: 'items[2].mobile', reason: 'mobile must be an 11-digit mainland mobile number' },
      ]);
      expect(problem.instance).toBe('/probe/contacts');
    });

    it('answers malformed JSON with 400 problem+json', async () => {
      expectProblem(await post('{"items": [', 'application/json'), 400);
    });

    it('answers an unknown route with 404 problem+json', async () => {
      expectProblem(await get('/probe/nowhere'), 404);
    });

    it('answers an unexpected error with a bare 500: logged with its stack, not shown', async () => {
      const response = await get('/probe/boom');
      const problem = expectProblem(response, 500);
      expect(response.body).not.toMatch(/ER_ACCESS_DENIED|10\.0\.0\.5|\.ts:\d+/);
      expect(problem.detail).toBe('An unexpected error occurred. It has been logged.');
      const logged = logLines.find((line) => line.msg === 'request failed');
      expect(logged).toMatchObject({
        level: 50,
        url: '/probe/boom',
        err: { message: expect.stringContaining('ER_ACCESS_DENIED') },
      });
      expect(JSON.stringify(logged)).toContain('at ProbeController.boom');
    });
  });

  describe('operational endpoints', () => {
    it('serves /health/live and /health/ready without a token, ready checking the database and added checks', async () => {
      expect((await get('/health/live')).json()).toEqual({ status: 'live' });
      const ready = await get('/health/ready');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'up', switchable: 'up' } });

      app.get(SwitchableCheck).up = false;
      try {
        const notReady = await get('/health/ready');
        expect(notReady.statusCode).toBe(503);
        expect(notReady.json()).toEqual({
          status: 'not-ready',
          checks: { database: 'up', switchable: 'switched off' },
        });
      } finally {
        app.get(SwitchableCheck).up = true;
      }
    });

    it('serves the OpenAPI document at /docs-json with the bearer scheme, and the UI at /docs', async () => {
      const response = await get('/docs-json');
      expect(response.statusCode).toBe(200);
      const document = response.json() as {
        info: { title: string };
        paths: Record<string, Record<string, { security?: unknown[] }>>;
        components: { securitySchemes: Record<string, unknown> };
      };
      expect(document.info.title).toBe('Probe API');
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(document.paths['/probe/me'].get.security).toEqual([{ bearer: [] }]);
      expect(document.paths['/probe/open'].get.security).toBeUndefined();
      expect(document.paths['/metrics']).toBeUndefined();
      const ui = await get('/docs');
      expect(ui.statusCode).toBe(200);
      expect(ui.headers['content-type']).toContain('text/html');
    });

    it('serves Prometheus metrics at /metrics without a token, request durations by route pattern included', async () => {
      await get('/probe/schools/3101200001', tokens['admin.3101200001']);
      const response = await get('/metrics');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.body).toContain('process_cpu_user_seconds_total');
      expect(response.body).toMatch(
        /http_server_request_duration_seconds_count\{method="GET",route="\/probe\/schools\/:schoolCode",status_code="200"\} [1-9]/,
      );
      expect(response.body).not.toContain('/probe/schools/3101200001');
    });
  });
});
