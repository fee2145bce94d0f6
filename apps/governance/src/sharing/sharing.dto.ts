import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { OptionalField, PageQuery } from '@edubase/http';
import type { SharingView } from '@edubase/contracts/api/governance';
import { IsCalendarDate, IsText } from '../common/input';
import type { SharingRequest, SharingStatus } from './sharing-request.entity';

export type { SharingView } from '@edubase/contracts/api/governance';

export class CreateSharingRequestDto {
  @ApiProperty()
  @IsUUID()
  datasetId!: string;

  @ApiProperty({ example: 'district-system-demo', description: 'the requesting system’s Keycloak client id' })
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, { message: '$property must be a Keycloak client id' })
  clientId!: string;

  @ApiProperty({ example: '学情分析: 年级平均分' })
  @IsText(500)
  purpose!: string;

  @ApiProperty({ type: [String], example: ['nj', 'pjf'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  fields!: string[];

  @ApiProperty({ example: '2027-01-01' })
  @IsCalendarDate()
  startsOn!: string;

  @ApiProperty({ example: '2027-06-30', description: 'last day the client may use the data' })
  @IsCalendarDate()
  endsOn!: string;
}

export class ApproveSharingDto {
  @ApiProperty({
    enum: ['owner', 'security-officer'],
    description: 'as the data owner or as the security officer',
  })
  @IsIn(['owner', 'security-officer'])
  as!: 'owner' | 'security-officer';

  @ApiPropertyOptional({ enum: ['approved', 'rejected'], default: 'approved' })
  @OptionalField()
  @IsIn(['approved', 'rejected'])
  decision: 'approved' | 'rejected' = 'approved';
}

export class SharingQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected', 'expired'] })
  @OptionalField()
  @IsIn(['pending', 'approved', 'rejected', 'expired'])
  status?: SharingStatus;
}

export const sharingView = (row: SharingRequest, datasetName?: string): SharingView => ({
  id: row.id,
  datasetId: row.datasetId,
  ...(datasetName === undefined ? {} : { datasetName }),
  schoolCode: row.schoolCode,
  clientId: row.clientId,
  purpose: row.purpose,
  fields: row.fields,
  startsOn: row.startsOn,
  endsOn: row.endsOn,
  status: row.status,
  ownerApprovedBy: row.ownerApprovedBy,
  officerApprovedBy: row.officerApprovedBy,
  scope: row.scopeName,
  scopeState: row.scopeState,
});
