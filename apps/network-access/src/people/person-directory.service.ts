import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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

/**
 * Reads the local projection at every authentication: status and roles come from MariaDB each time, so a
 * deactivation applied by any instance's consumer takes effect on every instance at once.
 */
@Injectable()
export class PersonDirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  async findByStaffNo(staffNo: string): Promise<DirectoryPerson | undefined> {
    const rows: PersonRoleRow[] = await this.dataSource.query(
      `SELECT p.person_id, p.staff_no, p.name, p.school_code, p.status, r.role,
              DATE_FORMAT(r.ends_at, '%Y-%m-%d') AS ends_at
         FROM person p LEFT JOIN person_role r ON r.person_id = p.person_id
        WHERE p.staff_no = ?`,
      [staffNo],
    );
    const first = rows[0];
    if (!first) return undefined;
    return {
      personId: first.person_id,
      staffNo: first.staff_no,
      name: first.name,
      schoolCode: first.school_code,
      status: first.status,
      roles: rows
        .filter((row): row is PersonRoleRow & { role: string } => row.role !== null)
        .map((row) => ({ role: row.role, endsAt: row.ends_at })),
    };
  }
}
