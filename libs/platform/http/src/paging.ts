import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { OptionalField } from './optional-fields';

/** `?page=&pageSize=` of every list: 1-based pages of at most 200 rows, 20 unless asked. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20 })
  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize = 20;
}

/** One page of a list, with the total the filters match (shared with the web apps). */
export type { Page } from '@edubase/contracts/api/common';
