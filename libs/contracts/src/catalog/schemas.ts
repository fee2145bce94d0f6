import { z } from 'zod';
import { dataCategories, dataGrades } from '../vocabulary';

// 数据目录: what a service holds, described from its database entities at start-up, so governance's catalog
// lists every EduBase table and column without anyone typing them in. Names and types only, never values.

/**
 * The classification a service declares for a field in code (@edubase/masking's datasets): governance applies
 * it to a field no person has classified. PI flags as governance's: minor implies sensitive implies personal.
 */
export const catalogFieldDeclarationSchema = z.object({
  grade: z.enum(dataGrades),
  category: z.enum(dataCategories),
  /** 个人信息. */
  personal: z.boolean(),
  /** 敏感个人信息. */
  sensitive: z.boolean(),
  /** 未成年人个人信息. */
  minor: z.boolean(),
});

export const catalogFieldSchema = z.object({
  /** The column's name in the database. */
  name: z.string().min(1).max(128),
  /** The database type as declared (varchar(200), char(36), datetime(3), …). */
  dataType: z.string().min(1).max(64),
  nullable: z.boolean(),
  /** The column's comment or the entity property's name, for people reading the catalog. */
  description: z.string().max(500).nullable(),
  /** The service's declared classification; absent (v1 as first published) when it declares none. */
  declared: catalogFieldDeclarationSchema.optional(),
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
