import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsSchoolCode, OptionalField, Page, PageQuery } from '@edubase/http';
import type { OnlineSessionView } from '@edubase/contracts/api/netaccess';
import type { SessionEntity } from '../database/session.entity';

export class OnlineSessionQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: '学校标识码; school staff see only the schools their roles reach' })
  @OptionalField()
  @IsSchoolCode()
  schoolCode?: string;

  @ApiPropertyOptional({ description: 'Account name, IP address or MAC address starting with this' })
  @OptionalField()
  @IsString()
  @MaxLength(64)
  q?: string;
}

export class DisconnectSessionDto {
  @ApiProperty({ description: '强制下线原因, kept with the result', example: '终端中毒，隔离处置' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason!: string;
}

export type { OnlineSessionView } from '@edubase/contracts/api/netaccess';
export type OnlineSessionPage = Page<OnlineSessionView>;

export function onlineSessionView(session: SessionEntity, nasName: string | null): OnlineSessionView {
  return {
    id: String(session.id),
    schoolCode: session.schoolCode,
    username: session.username,
    personId: session.personId,
    macAddress: session.macAddress,
    framedIp: session.framedIp,
    nasId: session.nasId,
    nasIp: session.nasIp,
    nasName,
    startedAt: session.startedAt.toISOString(),
    lastUpdateAt: session.lastUpdateAt.toISOString(),
  };
}
