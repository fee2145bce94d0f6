import { CreatedAtColumn } from '@edubase/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The HR system's own id of a member of staff (SCIM `externalId`), kept beside the person record. */
@Entity({ name: 'scim_external_id' })
export class ScimExternalId {
  @PrimaryColumn({ name: 'person_id', type: 'char', length: 36 })
  personId!: string;

  @Index('uq_scim_external_id', { unique: true })
  @Column({ name: 'external_id', type: 'varchar', length: 255 })
  externalId!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
