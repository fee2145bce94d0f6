import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PortalAuthorization } from './bras-handoff';
import { handoffSignature, HttpBrasHandoff, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './http-bras-handoff';

const authorization: PortalAuthorization = {
  portalSessionId: '6f1c1f0e-8c39-4f0e-9d59-5d3f7d1f0a11',
  username: 'teacher.3101200001',
  personId: 'p-1',
  schoolCode: '3101200001',
  macAddress: 'aa-bb-cc-dd-ee-ff',
  ip: '10.31.12.45',
  nas: {
    id: 'nas-1',
    ip: '10.31.0.1',
    name: 'BRAS',
    schoolCode: '3101200001',
    secret: Buffer.from('s'),
    requireMessageAuthenticator: false,
    enabled: true,
    coaPort: 3799,
  },
  vlan: 120,
  sessionTimeout: 28_800,
};

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

describe('HttpBrasHandoff', () => {
  let server: Server;
  let url: string;
  let status = 200;
  let delayMs = 0;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        setTimeout(() => response.writeHead(status).end(), delayMs);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/portal-auth`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    received.length = 0;
    status = 200;
    delayMs = 0;
  });

  it('POSTs the authorization as signed JSON and reads 2xx as an ACK', async () => {
    const handoff = new HttpBrasHandoff({ url, secret: 'bras-handoff-secret', timeoutMs: 2000 });
    await expect(handoff.authorize(authorization)).resolves.toEqual({ result: 'ack', detail: null });
    const [request] = received;
    expect(JSON.parse(request!.body)).toEqual({
      portalSessionId: authorization.portalSessionId,
      username: 'teacher.3101200001',
      personId: 'p-1',
      schoolCode: '3101200001',
      macAddress: 'aa-bb-cc-dd-ee-ff',
      ip: '10.31.12.45',
      nasId: 'nas-1',
      nasIp: '10.31.0.1',
      vlan: 120,
      sessionTimeout: 28_800,
    });
    const timestamp = String(request!.headers[TIMESTAMP_HEADER]);
    expect(request!.headers[SIGNATURE_HEADER]).toBe(
      handoffSignature('bras-handoff-secret', timestamp, request!.body),
    );
    expect(handoffSignature('another-secret', timestamp, request!.body)).not.toBe(
      request!.headers[SIGNATURE_HEADER],
    );
  });

  it('reads another status as a NAK naming it', async () => {
    status = 409;
    const handoff = new HttpBrasHandoff({ url, secret: 'bras-handoff-secret', timeoutMs: 2000 });
    await expect(handoff.authorize(authorization)).resolves.toEqual({ result: 'nak', detail: 'HTTP 409' });
  });

  it('reports a timeout when the BRAS does not answer in time, and an error when nothing listens', async () => {
    delayMs = 500;
    const slow = new HttpBrasHandoff({ url, secret: 'bras-handoff-secret', timeoutMs: 100 });
    await expect(slow.authorize(authorization)).resolves.toEqual({ result: 'timeout', detail: null });
    const nowhere = new HttpBrasHandoff({
      url: 'http://127.0.0.1:1/portal-auth',
      secret: 'bras-handoff-secret',
      timeoutMs: 1000,
    });
    await expect(nowhere.authorize(authorization)).resolves.toMatchObject({ result: 'error' });
  });
});
