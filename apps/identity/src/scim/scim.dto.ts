import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, MaxLength } from 'class-validator';
import { OptionalField } from '@edubase/http';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './scim-schemas';

const integer = (fallback: number, clamp: (value: number) => number) =>
  Transform(({ value }: { value: unknown }) => {
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    return Number.isInteger(parsed) ? clamp(parsed) : value;
  });

/** RFC 7644 §3.4.2.4: out-of-range paging values are clamped, not refused. */
export class ScimListQueryDto {
  @ApiPropertyOptional({ example: 'userName eq "T3101200001001"', description: 'attribute eq "value" only' })
  @OptionalField()
  @IsString()
  @MaxLength(500)
  filter?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1, description: '1-based index of the first result' })
  @integer(1, (value) => Math.max(1, value))
  @IsInt()
  startIndex = 1;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @integer(DEFAULT_PAGE_SIZE, (value) => Math.min(MAX_PAGE_SIZE, Math.max(0, value)))
  @IsInt()
  count = DEFAULT_PAGE_SIZE;

  @ApiPropertyOptional({ description: 'Accepted for compatibility; every default attribute is returned' })
  @OptionalField()
  @IsString()
  attributes?: string;

  @ApiPropertyOptional({ example: 'members', description: 'Groups: "members" leaves the member lists out' })
  @OptionalField()
  @IsString()
  excludedAttributes?: string;
}
