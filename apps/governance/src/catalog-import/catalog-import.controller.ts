import { Body, Controller, HttpStatus, Post, Query, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { actorOf, AuthenticatedUser, CurrentUser, Roles } from '@edubase/auth';
import { OptionalField } from '@edubase/http';
import { XLSX_CONTENT_TYPE } from '@edubase/uploads';
import { CATALOG_KEEPERS } from '../catalog/datasets.controller';
import { fieldProblem } from '../common/field-problem';
import { assertOwnerAccess } from '../common/owner-access';
import { CatalogImportService, ImportOutcome } from './catalog-import.service';

export const CATALOG_UPLOAD_TYPES = [
  'text/csv',
  'application/octet-stream',
  XLSX_CONTENT_TYPE,
  'application/vnd.ms-excel',
];

export class CatalogImportQuery {
  @ApiProperty({ description: 'The information system the datasets belong to' })
  @IsUUID()
  systemId!: string;

  @ApiPropertyOptional({ default: false, description: 'true: check and preview only, nothing written' })
  @OptionalField()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

@ApiTags('数据治理 数据目录')
@Controller('catalog-imports')
export class CatalogImportController {
  constructor(private readonly imports: CatalogImportService) {}

  @Post()
  @Roles(...CATALOG_KEEPERS)
  @ApiConsumes(...CATALOG_UPLOAD_TYPES)
  @ApiBody({
    description:
      'XLSX or CSV (UTF-8) as the body: 数据集, 数据集名称, 字段, 字段类型, 字段说明, one field a row',
  })
  @ApiOperation({
    summary:
      'Import datasets and fields of another system. dryRun=true: 200, the preview and every error (row, column). Otherwise 400 listing every error and nothing written, or 201 with everything written in one transaction',
  })
  async upload(
    @Body() body: unknown,
    @Query() query: CatalogImportQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportOutcome> {
    if (!Buffer.isBuffer(body))
      throw fieldProblem(
        'file',
        `send the file as the request body with Content-Type ${CATALOG_UPLOAD_TYPES.join(', ')}`,
      );
    const system = await this.imports.system(query.systemId);
    assertOwnerAccess(user, system.schoolCode);
    if (query.dryRun) {
      void reply.status(HttpStatus.OK);
      return this.imports.preview(system, body);
    }
    return this.imports.commit(system, body, actorOf(user));
  }
}
