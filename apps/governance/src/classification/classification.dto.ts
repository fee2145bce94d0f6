import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { IsText } from '../common/input';
import { piLabels, type PiLabel } from './detection/recognizers';

/** Sampled values of one column; a scan sends a column at a time, up to 10,000 values. */
export class DetectDto {
  @ApiProperty({ example: 'sfzh', description: '列名 (pinyin abbreviations and Chinese names are hints)' })
  @IsText(100)
  column!: string;

  @ApiProperty({ type: [String], maxItems: 10_000, example: ['31011520100101123X', '13800138000'] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  values!: string[];
}

export class DetectionView {
  @ApiProperty()
  column!: string;

  @ApiProperty({ enum: piLabels, isArray: true, description: 'one label per value, in order' })
  labels!: PiLabel[];

  @ApiProperty({ enum: piLabels, description: "the column's suggested label" })
  suggested!: PiLabel;

  @ApiProperty({ minimum: 0, maximum: 1 })
  confidence!: number;

  @ApiProperty({ enum: piLabels, nullable: true, description: "what the column's name alone suggests" })
  columnHint!: PiLabel | null;
}
