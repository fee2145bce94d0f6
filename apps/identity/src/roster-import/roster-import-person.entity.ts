import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Person } from '../people/person.entity';

/**
 * The staff an import created, written with them: whose Keycloak accounts the job waits for. After an
 * interruption, recovery reads their requests in the Keycloak sync outbox to finish the job. No foreign
 * key to the job: checking one would share-lock the job's row inside the writing transaction, and the
 * progress updates to that row come from another connection.
 */
@Entity({ name: 'roster_import_person' })
@Index('idx_roster_import_person_person', ['personId'])
export class RosterImportPerson {
  @PrimaryColumn({ name: 'job_id', type: 'char', length: 36 })
  jobId!: string;

  @PrimaryColumn({ name: 'person_id', type: 'char', length: 36 })
  personId!: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'fk_roster_import_person_person' })
  person?: Person;
}
