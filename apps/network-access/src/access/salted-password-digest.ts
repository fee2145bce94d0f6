import { hash, randomBytes } from 'node:crypto';

/**
 * SHA-256(key ‖ salt ‖ password) under a key that lives in this process's memory only: what the password
 * caches keep instead of passwords. No HMAC needed: the digest never leaves this process, so there is no
 * one to mount a length extension, and comparing it is all it is used for.
 */
export class SaltedPasswordDigest {
  /** Random per process: a digest is worthless outside the process that made it. */
  private readonly key = randomBytes(32);
  /** The digest input is laid out here: checks are synchronous, and this runs for every PAP request. */
  private scratch = Buffer.allocUnsafe(256);

  of(salt: Buffer, password: Buffer): Buffer {
    const length = this.key.length + salt.length + password.length;
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(length);
    this.key.copy(this.scratch, 0);
    salt.copy(this.scratch, this.key.length);
    password.copy(this.scratch, this.key.length + salt.length);
    const digest = hash('sha256', this.scratch.subarray(0, length), 'buffer');
    this.scratch.fill(0, this.key.length + salt.length, length); // no cleartext left lying around
    return digest;
  }
}
