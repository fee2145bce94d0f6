import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, AuthenticatedUser, CurrentUser, requestedSchools, Roles } from '@edubase/auth';
import type { Page } from '@edubase/http';
import { assertOwnerAccess } from '../common/owner-access';
import { DecideReviewDto, ReviewQueryDto, ReviewView, reviewView } from './catalog.dto';
import { CatalogService } from './catalog.service';
import { CATALOG_KEEPERS, CATALOG_READERS } from './datasets.controller';

@ApiTags('数据治理 数据目录')
@Controller('classification-reviews')
export class ReviewsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @Roles(...CATALOG_READERS)
  @ApiOperation({ summary: '待复核: detection suggestions waiting for a person (status=pending by default)' })
  async list(
    @Query() query: ReviewQueryDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<Page<ReviewView>> {
    const [rows, total] = await this.catalog.reviews(requestedSchools(user, query.schoolCode), query);
    const names = await this.catalog.reviewNames(rows);
    return {
      items: rows.map((row) => reviewView(row, names.get(row.id))),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  @Post(':id/decision')
  @Roles(...CATALOG_KEEPERS)
  @ApiOperation({ summary: 'Accept (the suggestion becomes the classification) or reject a suggestion' })
  async decide(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: DecideReviewDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<ReviewView> {
    assertOwnerAccess(user, (await this.catalog.review(id)).schoolCode);
    return reviewView(await this.catalog.decide(id, body.decision, body.category, actorOf(user)));
  }
}
