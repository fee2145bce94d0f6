import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

// Every service stamps its rows the same way: millisecond UTC datetimes kept by MariaDB itself, so rows written
// by raw SQL (bulk imports, group commits) get them too.

export function CreatedAtColumn(): PropertyDecorator {
  return CreateDateColumn({
    name: 'created_at',
    type: 'datetime',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
  });
}

export function UpdatedAtColumn(): PropertyDecorator {
  return UpdateDateColumn({
    name: 'updated_at',
    type: 'datetime',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
    onUpdate: 'CURRENT_TIMESTAMP(3)',
  });
}
