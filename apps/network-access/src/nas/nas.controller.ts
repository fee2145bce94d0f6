import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  actorOf,
  assertSchoolAccess,
  AuthenticatedUser,
  CurrentUser,
  requestedSchools,
  Roles,
} from '@edubase/auth';
import { CreateNasDto, NasPage, NasQueryDto, NasView, nasView, UpdateNasDto } from './nas.dto';
import { NasRegistryService } from './nas-registry.service';

@ApiTags('NAS 接入设备')
@Controller('nas')
@Roles('district-admin', 'network-admin')
export class NasController {
  constructor(private readonly registry: NasRegistryService) {}

  @Get()
  @ApiOperation({
    summary: 'Registered NAS (own school for school network admins): a page when `page` is given, else all',
  })
  async list(
    @Query() query: NasQueryDto,
    @Query('page') pageAsked: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<NasPage | NasView[]> {
    const paged = pageAsked !== undefined;
    const { rows, total } = await this.registry.list(requestedSchools(user, query.schoolCode), query, paged);
    const items = rows.map(nasView);
    return paged ? { items, total, page: query.page, pageSize: query.pageSize } : items;
  }

  @Get(':id')
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<NasView> {
    const nas = await this.registry.get(id);
    assertSchoolAccess(user, nas.schoolCode);
    return nasView(nas);
  }

  @Post()
  @ApiOperation({ summary: 'Register a NAS (switch, AP controller, BRAS) of a school' })
  async register(@Body() body: CreateNasDto, @CurrentUser() user: AuthenticatedUser): Promise<NasView> {
    assertSchoolAccess(user, body.schoolCode);
    return nasView(await this.registry.register(body, actorOf(user)));
  }

  @Patch(':id')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateNasDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<NasView> {
    assertSchoolAccess(user, (await this.registry.get(id)).schoolCode);
    return nasView(await this.registry.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    assertSchoolAccess(user, (await this.registry.get(id)).schoolCode);
    await this.registry.remove(id);
  }
}
