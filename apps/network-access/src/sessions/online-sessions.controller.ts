import { Body, Controller, Get, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Brackets, DataSource, IsNull } from 'typeorm';
import { assertSchoolAccess, AuthenticatedUser, CurrentUser, requestedSchools, Roles } from '@edubase/auth';
import { SessionEntity } from '../database/session.entity';
import { disconnectAttemptView, DisconnectAttemptView } from '../disconnect/disconnect-results.dto';
import { SessionDisconnectService } from '../disconnect/session-disconnect.service';
import { NasRegistryService } from '../nas/nas-registry.service';
import {
  DisconnectSessionDto,
  OnlineSessionPage,
  OnlineSessionQueryDto,
  onlineSessionView,
} from './online-sessions.dto';

/** Sessions open now (no Accounting Stop yet), for the console's 在线会话 page, and 强制下线 of one of them. */
@ApiTags('在线会话 Online sessions')
@Controller('sessions')
export class OnlineSessionsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: NasRegistryService,
    private readonly disconnects: SessionDisconnectService,
  ) {}

  @Get()
  @Roles('security-officer', 'district-admin', 'network-admin')
  @ApiOperation({ summary: 'Online sessions, newest first, paged (own schools for school staff)' })
  async list(
    @Query() query: OnlineSessionQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<OnlineSessionPage> {
    const { page, pageSize } = query;
    const schoolCodes = requestedSchools(user, query.schoolCode);
    if (schoolCodes?.length === 0) return { items: [], total: 0, page, pageSize };
    const builder = this.dataSource
      .getRepository(SessionEntity)
      .createQueryBuilder('session')
      .where('session.stoppedAt IS NULL');
    if (schoolCodes) builder.andWhere('session.schoolCode IN (:...schoolCodes)', { schoolCodes });
    if (query.q) {
      // Prefixes over the open sessions only (idx_session_open), never over the history; MACs are stored
      // lower-case with dashes (normalizeMac).
      const prefix = `${query.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      builder.andWhere(
        new Brackets((where) =>
          where
            .where('session.username LIKE :prefix', { prefix })
            .orWhere('session.framedIp LIKE :prefix', { prefix })
            .orWhere('session.macAddress LIKE :mac', { mac: prefix.toLowerCase().replace(/:/g, '-') }),
        ),
      );
    }
    const [rows, total] = await builder
      .orderBy('session.startedAt', 'DESC')
      .addOrderBy('session.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return {
      items: rows.map((row) => onlineSessionView(row, this.registry.lookupById(row.nasId)?.name ?? null)),
      total,
      page,
      pageSize,
    };
  }

  @Post(':id/disconnect')
  @Roles('district-admin', 'network-admin')
  @ApiOperation({ summary: '强制下线: a Disconnect-Request to the session’s NAS; answers what the NAS said' })
  async disconnect(
    @Param('id') id: string,
    @Body() body: DisconnectSessionDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<DisconnectAttemptView> {
    const session = /^\d{1,19}$/.test(id)
      ? await this.dataSource.getRepository(SessionEntity).findOne({ where: { id, stoppedAt: IsNull() } })
      : null;
    if (!session) throw new NotFoundException(`No online session ${id}.`);
    assertSchoolAccess(user, session.schoolCode);
    return disconnectAttemptView(await this.disconnects.disconnectOne(session, body.reason));
  }
}
