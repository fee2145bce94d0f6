import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { OptionalField } from '@edubase/http';

const ANCHOR = '\\d{1,15}:[0-9a-f]{64}';
const ACTION_PREFIX = '[a-z][a-z0-9.-]{0,63}';

export class VerifyChainQuery {
  @ApiPropertyOptional({
    description:
      'Published anchors to hold the chain to: `seq:hash`, comma-separated (governance sends its copy)',
    example: '42:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  })
  @OptionalField()
  @Matches(new RegExp(`^${ANCHOR}(,${ANCHOR}){0,99}$`), {
    message: '$property must be up to 100 anchors seq:hash (64 lower-case hex digits), comma-separated',
  })
  anchors?: string;
}

/** `seq:hash,seq:hash` (validated by VerifyChainQuery) as anchors. */
export function parseAnchors(anchors: string | undefined): { seq: number; hash: string }[] {
  if (!anchors) return [];
  return anchors.split(',').map((pair) => {
    const [seq, hash] = pair.split(':') as [string, string];
    return { seq: Number(seq), hash };
  });
}

/**
 * Every field may be left out, so a caller the handler refuses (a school-scoped grant) gets its 403 rather
 * than a 400 for the query it did not send.
 */
export class ChainReadsQuery {
  @ApiPropertyOptional({ description: 'ISO 8601 time, inclusive; a year before `to` when left out' })
  @OptionalField()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601 time, exclusive; now when left out' })
  @OptionalField()
  @IsISO8601()
  to?: string;

  @ApiPropertyOptional({
    description:
      'Action prefixes that are reads of personal data, comma-separated; every action when left out',
    example: 'trace.,person.read',
  })
  @OptionalField()
  @Matches(new RegExp(`^${ACTION_PREFIX}(,${ACTION_PREFIX}){0,19}$`), {
    message: '$property must be up to 20 action prefixes, comma-separated',
  })
  actions?: string;
}
