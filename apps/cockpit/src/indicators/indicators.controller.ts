import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles } from '@edubase/auth';
import { ProblemException, VALIDATION_PROBLEM_TYPE } from '@edubase/http';
import { CockpitConfig } from '../cockpit.config';
import { grainMilliseconds } from '../projections/time-buckets';
import { minuteBucketsKeptSince } from '../retention/minute-bucket-retention';
import type { CockpitMe, Overview, SchoolIndicators, Series } from '@edubase/cockpit-api';
import { ScopeQueryDto, SeriesQueryDto } from './indicators.dto';
import { IndicatorsService } from './indicators.service';
import { authorizedScope, canSeeDistrict, COCKPIT_ROLES, homeScope, reachableSchools } from './scope-access';

/** Most buckets one series request may return (e.g. 25 hours of minutes, 2 months of hours). */
export const MAX_SERIES_POINTS = 1_500;

@ApiTags('indicators 指标')
@Controller('api')
@Roles(...COCKPIT_ROLES)
export class IndicatorsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly config: CockpitConfig,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'Who is signed in and which scopes they may see' })
  me(@CurrentUser() user: AuthenticatedUser): CockpitMe {
    const schoolCodes = reachableSchools(user);
    return {
      username: user.username,
      name: user.name ?? null,
      roles: user.roles,
      district: canSeeDistrict(user),
      schoolCode: schoolCodes[0] ?? null,
      schoolCodes,
      homeScope: homeScope(user),
    };
  }

  @Get('indicators/overview')
  @ApiOperation({ summary: 'Current indicators of the district, or of one school (drill-down)' })
  overview(@CurrentUser() user: AuthenticatedUser, @Query() query: ScopeQueryDto): Promise<Overview> {
    return this.indicators.overview(authorizedScope(user, query.school));
  }

  @Get('indicators/schools')
  @ApiOperation({ summary: 'One row per school (district leaders and administrators only)' })
  schools(@CurrentUser() user: AuthenticatedUser): Promise<SchoolIndicators[]> {
    authorizedScope(user, undefined);
    return this.indicators.schools();
  }

  @Get('indicators/series')
  @ApiOperation({ summary: 'One metric as a time series by grain (minute, hour, Shanghai day) and range' })
  series(@CurrentUser() user: AuthenticatedUser, @Query() query: SeriesQueryDto): Promise<Series> {
    const scope = authorizedScope(user, query.school);
    const from = new Date(query.from);
    const to = new Date(query.to);
    const errors: Array<{ field: string; reason: string }> = [];
    if (to.getTime() < from.getTime()) errors.push({ field: 'to', reason: 'to must not be before from' });
    const points = Math.floor((to.getTime() - from.getTime()) / grainMilliseconds[query.grain]) + 1;
    if (points > MAX_SERIES_POINTS)
      errors.push({
        field: 'from',
        reason: `the range holds ${points} ${query.grain} buckets; at most ${MAX_SERIES_POINTS} per request`,
      });
    const days = this.config.MINUTE_BUCKET_RETENTION_DAYS;
    const keptSince = minuteBucketsKeptSince(new Date(), days);
    // Older minutes are deleted: a series would show them as zero (and the online count walks back wrong).
    if (query.grain === 'minute' && from.getTime() < keptSince.getTime())
      errors.push({
        field: 'from',
        reason: `minute buckets are kept ${days} days: from must be at or after ${keptSince.toISOString()}`,
      });
    if (query.reason !== undefined && query.metric !== 'auth.rejected')
      errors.push({ field: 'reason', reason: 'reason applies to metric auth.rejected only' });
    if (errors.length > 0)
      throw new ProblemException({
        status: HttpStatus.BAD_REQUEST,
        type: VALIDATION_PROBLEM_TYPE,
        title: 'Request validation failed',
        detail: `Invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((error) => error.field).join(', ')}.`,
        extensions: { errors },
      });
    return this.indicators.series({
      metric: query.metric,
      grain: query.grain,
      from,
      to,
      scope,
      ...(query.reason !== undefined ? { dimension: query.reason } : {}),
    });
  }
}
