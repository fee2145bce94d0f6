import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { AuthenticatedUser, CurrentUser, requestedSchools, Roles } from '@edubase/auth';
import { DisconnectAttemptEntity } from '../database/disconnect-attempt.entity';
import { DisconnectAttemptPage, disconnectAttemptView, DisconnectQueryDto } from './disconnect-results.dto';

@ApiTags('强制下线 Disconnects')
@Controller('disconnects')
@Roles('security-officer', 'district-admin', 'network-admin')
export class DisconnectsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'Results of the Disconnect-Requests sent to NASes, newest first (own school for school staff)',
  })
  async list(
    @Query() query: DisconnectQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DisconnectAttemptPage> {
    const { page, pageSize } = query;
    const schoolCodes = requestedSchools(user, query.schoolCode);
    if (schoolCodes?.length === 0) return { items: [], total: 0, page, pageSize };
    const where: FindOptionsWhere<DisconnectAttemptEntity> = {
      ...(schoolCodes ? { schoolCode: In(schoolCodes) } : {}),
      ...(query.personId ? { personId: query.personId } : {}),
      ...(query.result ? { result: query.result } : {}),
    };
    const [rows, total] = await this.dataSource.getRepository(DisconnectAttemptEntity).findAndCount({
      where,
      order: { requestedAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: rows.map(disconnectAttemptView), total, page, pageSize };
  }
}
