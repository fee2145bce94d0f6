import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NetworkAccessConfig } from '../network-access.config';
import type { HeldRole } from './network-roles';

export interface DirectoryPerson {
  personId: string;
  staffNo: string;
  name: string;
  schoolCode: string | null;
  status: 'active' | 'suspended' | 'departed';
  roles: HeldRole[];
}

interface PersonRoleRow {
  person_id: string;
  staff_no: string;
  name: string;
  school_code: string | null;
  status: DirectoryPerson['status'];
  role: string | null;
  ends_at: string | null;
}

/** What `cachedByStaffNo` answers when only MariaDB can tell. */
export const NOT_CACHED: unique symbol = Symbol('not cached');

interface CachedLookup {
  person: DirectoryPerson | undefined;
  loadedAt: number;
}

/**
 * How long after this instance's consumer touched a person their lookups bypass the cache: covers the
 * moment between the handler running and its transaction committing, so a load in that window (still
 * seeing the old row) is never cached.
 */
const BYPASS_AFTER_CHANGE_MS = 2000;

const PERSON_QUERY = `SELECT p.person_id, p.staff_no, p.name, p.school_code, p.status, r.role,
        DATE_FORMAT(r.ends_at, '%Y-%m-%d') AS ends_at
   FROM person p LEFT JOIN person_role r ON r.person_id = p.person_id`;

/**
 * The local people/roles projection as the authentication path reads it. Lookups are cached in memory for
 * PERSON_CACHE_TTL_MS (a few seconds): every RADIUS request used to cost a MariaDB round trip. A change this
 * instance's identity consumer applies (deactivation, role revoked…) drops the entry at once, so it takes
 * effect here immediately; other instances see it when their entry expires, within PERSON_CACHE_TTL_MS.
 * A TTL of 0 turns the cache off (every lookup reads MariaDB).
 */
@Injectable()
export class PersonDirectoryService {
  private readonly cache = new Map<string, CachedLookup>();
  private readonly staffNoOfPerson = new Map<string, string>();
  private readonly bypassUntil = new Map<string, number>();
  private readonly pendingLoads = new Map<string, Promise<DirectoryPerson | undefined>>();
  private readonly ttlMs: number;
  private readonly maxEntries = 200_000;

  constructor(
    private readonly dataSource: DataSource,
    config: NetworkAccessConfig,
  ) {
    this.ttlMs = config.PERSON_CACHE_TTL_MS;
  }

  /** The cached answer for this 工号 (undefined = known not to exist), or NOT_CACHED: then call findByStaffNo. */
  cachedByStaffNo(staffNo: string, now = Date.now()): DirectoryPerson | undefined | typeof NOT_CACHED {
    const cached = this.cache.get(staffNo);
    return cached && now - cached.loadedAt < this.ttlMs ? cached.person : NOT_CACHED;
  }

  async findByStaffNo(staffNo: string, now = Date.now()): Promise<DirectoryPerson | undefined> {
    const cached = this.cache.get(staffNo);
    if (cached && now - cached.loadedAt < this.ttlMs) return cached.person;
    // One query per 工号 at a time: when an entry expires, the requests that arrive before its reload
    // returns (hundreds a second for a busy account) wait for that reload instead of each querying.
    const pending = this.pendingLoads.get(staffNo);
    if (pending) return pending;
    const load = this.load(staffNo)
      .then((person) => {
        this.loaded(staffNo, person, now);
        return person;
      })
      .finally(() => {
        if (this.pendingLoads.get(staffNo) === load) this.pendingLoads.delete(staffNo);
      });
    this.pendingLoads.set(staffNo, load);
    return load;
  }

  /**
   * Several 工号 at once (the accounting path resolves a whole batch): cached entries from memory, every
   * miss in ONE query. Unknown 工号 map to undefined.
   */
  async findManyByStaffNo(
    staffNos: Iterable<string>,
    now = Date.now(),
  ): Promise<Map<string, DirectoryPerson | undefined>> {
    const found = new Map<string, DirectoryPerson | undefined>();
    const missing: string[] = [];
    for (const staffNo of staffNos) {
      if (found.has(staffNo)) continue;
      const cached = this.cache.get(staffNo);
      if (cached && now - cached.loadedAt < this.ttlMs) found.set(staffNo, cached.person);
      else {
        found.set(staffNo, undefined);
        missing.push(staffNo);
      }
    }
    if (missing.length === 0) return found;
    const loaded = this.peopleOf(
      await this.dataSource.query<PersonRoleRow[]>(`${PERSON_QUERY} WHERE p.staff_no IN (?)`, [missing]),
    );
    for (const staffNo of missing) {
      const person = loaded.get(staffNo.toLowerCase());
      found.set(staffNo, person);
      this.loaded(staffNo, person, now);
    }
    return found;
  }

  /** The identity consumer changed this person (or whoever holds this 工号): forget them now. */
  invalidate(personId: string, staffNo?: string | null, now = Date.now()): void {
    for (const key of [staffNo, this.staffNoOfPerson.get(personId)]) {
      if (!key) continue;
      this.cache.delete(key);
      this.pendingLoads.delete(key); // a reload begun before the change may have read the old row
      this.bypassUntil.set(key, now + BYPASS_AFTER_CHANGE_MS);
    }
    this.staffNoOfPerson.delete(personId);
  }

  private remember(staffNo: string, person: DirectoryPerson | undefined, now: number): void {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(staffNo, { person, loadedAt: now });
    if (person) this.staffNoOfPerson.set(person.personId, staffNo);
  }

  private loaded(staffNo: string, person: DirectoryPerson | undefined, now: number): void {
    const bypass = this.bypassUntil.get(staffNo);
    if (bypass !== undefined && bypass <= now) this.bypassUntil.delete(staffNo);
    if (this.ttlMs > 0 && (bypass === undefined || bypass <= now)) this.remember(staffNo, person, now);
  }

  private async load(staffNo: string): Promise<DirectoryPerson | undefined> {
    const rows: PersonRoleRow[] = await this.dataSource.query(`${PERSON_QUERY} WHERE p.staff_no = ?`, [
      staffNo,
    ]);
    return this.peopleOf(rows).values().next().value;
  }

  /** Keyed by lower-cased 工号: the column's collation matches case-insensitively, so must the lookup. */
  private peopleOf(rows: readonly PersonRoleRow[]): Map<string, DirectoryPerson> {
    const people = new Map<string, DirectoryPerson>();
    for (const row of rows) {
      const key = row.staff_no.toLowerCase();
      let person = people.get(key);
      if (!person) {
        person = {
          personId: row.person_id,
          staffNo: row.staff_no,
          name: row.name,
          schoolCode: row.school_code,
          status: row.status,
          roles: [],
        };
        people.set(key, person);
      }
      if (row.role !== null) person.roles.push({ role: row.role, endsAt: row.ends_at });
    }
    return people;
  }
}
