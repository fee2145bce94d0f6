import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@edubase/auth';
import { Clock } from '../common/clock';
import { DetectDto, DetectionView } from './classification.dto';
import { detect } from './detection/detect';

@ApiTags('数据治理 分类分级')
@Controller('classification')
export class ClassificationController {
  constructor(private readonly clock: Clock) {}

  /** Suggestions only: nothing is stored; a person accepts or rejects them through the catalog's review. */
  @Post('detect')
  @HttpCode(200)
  @Roles('security-officer', 'district-admin', 'school-admin')
  @ApiOperation({ summary: '个人信息识别: one label per sampled value, and the column’s suggested label' })
  @ApiOkResponse({ type: DetectionView })
  detect(@Body() body: DetectDto): DetectionView {
    return { column: body.column, ...detect(body.column, body.values, this.clock.today().replace(/-/g, '')) };
  }
}
