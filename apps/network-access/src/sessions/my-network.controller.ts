import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, IsNull } from 'typeorm';
import { Authenticated, AuthenticatedUser, CurrentUser } from '@edubase/auth';
import { PersonEntity } from '../database/person.entity';
import { SessionEntity } from '../database/session.entity';
import { TerminalEntity } from '../database/terminal.entity';
import { NasRegistryService } from '../nas/nas-registry.service';
import { terminalView, TerminalView } from '../terminals/terminal.dto';
import { onlineSessionView, OnlineSessionView } from './online-sessions.dto';

/** At most this many of one person's own rows: a person has a few devices and sessions, not thousands. */
const OWN_ROWS = 100;

/** 我的账号's network part: the caller's own registered devices and open sessions, nobody else's. */
@ApiTags('我的上网 My network')
@Controller('me')
@Authenticated()
export class MyNetworkController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: NasRegistryService,
  ) {}

  /** The caller as network access knows them (identity's people, by 工号 = the account name). */
  private async personIdOf(user: AuthenticatedUser): Promise<string | null> {
    const person = await this.dataSource
      .getRepository(PersonEntity)
      .findOne({ where: { staffNo: user.username }, select: { personId: true } });
    return person?.personId ?? null;
  }

  @Get('terminals')
  @ApiOperation({ summary: 'Terminals registered to the caller (终端的责任人)' })
  async terminals(@CurrentUser() user: AuthenticatedUser): Promise<TerminalView[]> {
    const personId = await this.personIdOf(user);
    if (!personId) return [];
    const rows = await this.dataSource
      .getRepository(TerminalEntity)
      .find({ where: { ownerPersonId: personId }, order: { macAddress: 'ASC' }, take: OWN_ROWS });
    return rows.map(terminalView);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'The caller’s online sessions (their account, not their devices’)' })
  async sessions(@CurrentUser() user: AuthenticatedUser): Promise<OnlineSessionView[]> {
    const personId = await this.personIdOf(user);
    if (!personId) return [];
    const rows = await this.dataSource.getRepository(SessionEntity).find({
      where: { personId, stoppedAt: IsNull() },
      order: { startedAt: 'DESC' },
      take: OWN_ROWS,
    });
    return rows.map((row) => onlineSessionView(row, this.registry.lookupById(row.nasId)?.name ?? null));
  }
}
