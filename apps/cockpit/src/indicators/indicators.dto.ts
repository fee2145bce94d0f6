import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601 } from 'class-validator';
import { IsSchoolCode, OptionalField } from '@edubase/http';
import { rejectReasonSchema } from '@edubase/contracts';
import { Grain, grains } from '../projections/time-buckets';
import { SeriesMetric, seriesMetrics } from './indicators.service';

export class ScopeQueryDto {
  @ApiPropertyOptional({ description: '学校标识码; absent = the whole district', example: '3101200001' })
  @OptionalField()
  @IsSchoolCode()
  school?: string;
}

export class SeriesQueryDto extends ScopeQueryDto {
  @ApiProperty({ enum: seriesMetrics })
  @IsIn(seriesMetrics)
  metric!: SeriesMetric;

  @ApiProperty({ enum: grains })
  @IsIn(grains)
  grain!: Grain;

  @ApiProperty({ description: 'ISO 8601 instant, included', example: '2026-03-05T00:00:00+08:00' })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ description: 'ISO 8601 instant, included', example: '2026-03-05T23:59:59+08:00' })
  @IsISO8601({ strict: true })
  to!: string;

  @ApiPropertyOptional({ enum: rejectReasonSchema.options, description: 'auth.rejected only: one reason' })
  @OptionalField()
  @IsIn(rejectReasonSchema.options)
  reason?: string;
}
