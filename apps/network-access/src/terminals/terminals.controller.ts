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
import {
  BulkImportTerminalsDto,
  CreateTerminalDto,
  TerminalPage,
  TerminalQueryDto,
  TerminalView,
  terminalView,
  UpdateTerminalDto,
} from './terminal.dto';
import { TerminalRegistryService } from './terminal-registry.service';

@ApiTags('终端登记 Terminals')
@Controller('terminals')
@Roles('district-admin', 'network-admin')
export class TerminalsController {
  constructor(private readonly registry: TerminalRegistryService) {}

  @Get()
  @ApiOperation({
    summary:
      'Registered terminals (own school for school staff): a page when `page` is given, else the first 10,000',
  })
  async list(
    @Query() query: TerminalQueryDto,
    @Query('page') pageAsked: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TerminalPage | TerminalView[]> {
    const paged = pageAsked !== undefined;
    const { rows, total } = await this.registry.list(requestedSchools(user, query.schoolCode), query, paged);
    const items = rows.map(terminalView);
    return paged ? { items, total, page: query.page, pageSize: query.pageSize } : items;
  }

  @Get(':id')
  async get(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TerminalView> {
    const terminal = await this.registry.get(id);
    assertSchoolAccess(user, terminal.schoolCode);
    return terminalView(terminal);
  }

  @Post()
  @ApiOperation({ summary: 'Register a terminal (printer, class display, 信创 PC…) for MAB or CHAP' })
  async register(
    @Body() body: CreateTerminalDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TerminalView> {
    assertSchoolAccess(user, body.schoolCode);
    return terminalView(await this.registry.register(body, actorOf(user)));
  }

  @Post('import')
  @ApiOperation({ summary: 'Bulk import terminals (all or nothing, up to 5000)' })
  async import(
    @Body() body: BulkImportTerminalsDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<{ imported: number }> {
    for (const school of new Set(body.terminals.map((terminal) => terminal.schoolCode)))
      assertSchoolAccess(user, school);
    const stored = await this.registry.registerMany(body.terminals, actorOf(user));
    return { imported: stored.length };
  }

  @Patch(':id')
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateTerminalDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<TerminalView> {
    assertSchoolAccess(user, (await this.registry.get(id)).schoolCode);
    return terminalView(await this.registry.update(id, body));
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
