import { z } from 'zod';

// 数据目录: what a service holds, described from its database entities at start-up, so governance's catalog
// lists every EduBase table and column without anyone typing them in. Names and types only, never values.

export const catalogFieldSchema = z.object({
  /** The column's name in the database. */
  name: z.string().min(1).max(128),
  /** The database type as declared (varchar(200), char(36), datetime(3), …). */
  dataType: z.string().min(1).max(64),
  nullable: z.boolean(),
  /** The column's comment or the entity property's name, for people reading the catalog. */
  description: z.string().max(500).nullable(),
});

export const catalogDatasetSchema = z.object({
  /** The table's name. */
  name: z.string().min(1).max(128),
  fields: z.array(catalogFieldSchema).max(500),
});

export const serviceDescribedPayloadV1 = z.object({
  /** The service's id (`identity`, `network-access`, …). */
  service: z.string().min(1).max(64),
  datasets: z.array(catalogDatasetSchema).max(500),
});
