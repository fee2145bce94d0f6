import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthenticatedUser, CurrentUser, Roles } from '@edubase/auth';
import { invalidField } from '../shared/problems';
import { templateCsv, templateXlsx, XLSX_CONTENT_TYPE } from './roster-file';
import { RosterImportQuery } from './roster-import.dto';
import { RosterImportService } from './roster-import.service';

export const ROSTER_UPLOAD_TYPES = [
  'text/csv',
  'application/octet-stream',
  XLSX_CONTENT_TYPE,
  'application/vnd.ms-excel',
];

@ApiTags('花名册导入 roster import')
@Controller('roster-imports')
export class RosterImportController {
  constructor(private readonly imports: RosterImportService) {}

  @Get('template.csv')
  @Roles('school-admin', 'district-admin')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="roster-template.csv"')
  @ApiOperation({ summary: '导入模板 (CSV UTF-8 with BOM, Chinese headers)' })
  templateCsv(): StreamableFile {
    return new StreamableFile(templateCsv());
  }

  @Get('template.xlsx')
  @Roles('school-admin', 'district-admin')
  @Header('Content-Type', XLSX_CONTENT_TYPE)
  @Header('Content-Disposition', 'attachment; filename="roster-template.xlsx"')
  @ApiOperation({ summary: '导入模板 (XLSX, text-formatted columns)' })
  async templateXlsx(): Promise<StreamableFile> {
    return new StreamableFile(await templateXlsx());
  }

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @Roles('school-admin', 'district-admin')
  @ApiConsumes(...ROSTER_UPLOAD_TYPES)
  @ApiBody({ description: 'The file itself as the body (CSV UTF-8 or XLSX), not multipart' })
  @ApiOperation({
    summary:
      'Upload a roster. dryRun=true: 200 with every error (row, column). Otherwise all rows are checked (400 listing every error, nothing written) and written in one transaction: 202 with the job to poll',
  })
  async upload(
    @Body() body: unknown,
    @Query() query: RosterImportQuery,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!Buffer.isBuffer(body))
      throw invalidField(
        'file',
        `send the file as the request body with Content-Type ${ROSTER_UPLOAD_TYPES.join(', ')}`,
      );
    if (query.dryRun) {
      void reply.status(HttpStatus.OK);
      return this.imports.dryRun(body, query, user);
    }
    const job = await this.imports.start(body, query, user);
    void reply.header('Location', `/roster-imports/${job.id}`);
    return job;
  }

  @Get(':id')
  @Roles('school-admin', 'district-admin')
  @ApiOperation({ summary: 'Progress of an import: status, rows written, Keycloak accounts provisioned' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.imports.get(id, user);
  }
}
