import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** What the portal must remember between sending the browser to Keycloak and its return. */
export interface PendingPortalLogin {
  /** PKCE code_verifier (RFC 7636). */
  verifier: string;
  /** Ties the state to the browser that started the sign-in (cookie), against login CSRF. */
  nonce: string;
  macAddress: string;
  ip: string;
  nasIp: string;
  /** Epoch milliseconds after which the state is refused. */
  expiresAt: number;
}

const IV_LENGTH = 12;
const TAG_LENGTH = 16;

function base64url(buffer: Buffer): string {
  return buffer.toString('base64url');
}

/** A random URL-safe token (PKCE verifier, nonce): 32 random octets. */
export function randomToken(): string {
  return base64url(randomBytes(32));
}

/** RFC 7636 §4.2 S256 challenge of a verifier. */
export function pkceChallenge(verifier: string): string {
  return base64url(createHash('sha256').update(verifier, 'ascii').digest());
}

/**
 * Seals a pending login into the OIDC `state` with AES-256-GCM, so no server-side store is needed and any
 * instance sharing the key can finish the sign-in; the browser and Keycloak see only ciphertext, and any
 * change to it fails authentication.
 */
export class PortalStateSealer {
  private readonly key: Buffer;

  constructor(secret: string | undefined) {
    this.key = secret ? createHash('sha256').update(secret, 'utf8').digest() : randomBytes(32);
  }

  seal(login: PendingPortalLogin): string {
    const iv = randomBytes(IV_LENGTH);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(login), 'utf8'), cipher.final()]);
    return base64url(Buffer.concat([iv, cipher.getAuthTag(), body]));
  }

  /** The login sealed in `state`, or undefined when it was forged, altered, sealed elsewhere or expired. */
  open(state: string, now = Date.now()): PendingPortalLogin | undefined {
    const raw = Buffer.from(state, 'base64url');
    if (raw.length <= IV_LENGTH + TAG_LENGTH) return undefined;
    let login: PendingPortalLogin;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_LENGTH));
      decipher.setAuthTag(raw.subarray(IV_LENGTH, IV_LENGTH + TAG_LENGTH));
      const clear = Buffer.concat([decipher.update(raw.subarray(IV_LENGTH + TAG_LENGTH)), decipher.final()]);
      login = JSON.parse(clear.toString('utf8')) as PendingPortalLogin;
    } catch {
      return undefined;
    }
    return login.expiresAt > now ? login : undefined;
  }
}
