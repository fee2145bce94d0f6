import { spawn } from 'node:child_process';

export interface RadclientResult {
  /** The reply's code, e.g. Access-Accept; null when no reply came. */
  code: string | null;
  /** The reply's attributes by name (tags and surrounding quotes dropped). */
  attributes: Record<string, string>;
  /** Everything radclient printed, for failure messages. */
  output: string;
}

export interface RadclientOptions {
  /** How long radclient waits for a reply, once retried (default 1 s; a PAP check waiting on Keycloak wants 3). */
  timeoutSeconds?: number;
  /** Sends from this loopback alias (e.g. 127.0.0.2), so the packet comes from another NAS. */
  sourceIp?: string;
}

/**
 * Sends one request with FreeRADIUS's `radclient` (Debian freeradius-utils, installed by
 * tools/setup/system-packages.sh) to 127.0.0.1, a real client for the RADIUS server under test.
 */
export function radclient(
  port: number,
  /** `status` sends an RFC 5997 Status-Server (give it `Message-Authenticator = 0x00`). */
  kind: 'auth' | 'acct' | 'status',
  secret: string,
  attributes: readonly string[],
  options: RadclientOptions = {},
): Promise<RadclientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('radclient', [
      '-x',
      '-r',
      '1',
      '-t',
      String(options.timeoutSeconds ?? 1),
      `127.0.0.1:${port}`,
      kind,
      secret,
    ]);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error) =>
      reject(new Error(`radclient could not run (apt install freeradius-utils): ${error.message}`)),
    );
    child.on('close', () => {
      const received = /^Received (\S+) Id/m.exec(output);
      const replyAttributes: Record<string, string> = {};
      if (received) {
        for (const match of output.slice(received.index).matchAll(/^\t([A-Za-z0-9-]+)(?::\d+)? = (.*)$/gm))
          replyAttributes[match[1]!] = match[2]!.replace(/^"|"$/g, '');
      }
      resolve({ code: received ? received[1]! : null, attributes: replyAttributes, output });
    });
    const source = options.sourceIp ? [`Packet-Src-IP-Address = ${options.sourceIp}`] : [];
    child.stdin.end(`${[...attributes, ...source].join('\n')}\n`);
  });
}
