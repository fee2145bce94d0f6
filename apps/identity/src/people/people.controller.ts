import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, Authenticated, AuthenticatedUser, CurrentUser, Roles } from '@edubase/auth';
import { IDENTITY_READERS, IDENTITY_WRITERS } from '../shared/access-policy';
import {
  CreatePersonDto,
  DepartPersonDto,
  MovePersonDto,
  PersonSearchQuery,
  SuspendPersonDto,
  UpdatePersonDto,
} from './people.dto';
import { PeopleQueries } from './people-queries.service';
import { PeopleService } from './people.service';

@ApiTags('人员 people')
@Controller('people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly queries: PeopleQueries,
  ) {}

  @Get()
  @Access(IDENTITY_READERS)
  @ApiOperation({
    summary: '人员查询: search by name/工号/学籍号 prefix, school, unit, kind, status, role; paged',
  })
  search(@Query() query: PersonSearchQuery, @CurrentUser() user: AuthenticatedUser) {
    return this.queries.search(query, user);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The caller’s own record (我的账号)' })
  me(@CurrentUser() user: AuthenticatedUser) {
    return this.queries.me(user);
  }

  @Get('by-staff-no/:staffNo')
  @Access(IDENTITY_READERS)
  @ApiOperation({ summary: 'A member of staff by 工号' })
  byStaffNo(@Param('staffNo') staffNo: string, @CurrentUser() user: AuthenticatedUser) {
    return this.queries.getByStaffNo(staffNo, user);
  }

  @Get(':id')
  @Access(IDENTITY_READERS)
  @ApiOperation({ summary: 'A person by id' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.queries.get(id, user);
  }

  @Post()
  @Access(IDENTITY_WRITERS)
  @ApiOperation({
    summary: 'Create a member of staff or a student; staff get a Keycloak account with a temporary password',
  })
  create(@Body() dto: CreatePersonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.people.create(dto, user);
  }

  @Patch(':id')
  @Access(IDENTITY_WRITERS)
  @ApiOperation({ summary: 'Change name, contact or personal data' })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdatePersonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.people.update(id, dto, user);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Access(IDENTITY_WRITERS)
  @ApiOperation({ summary: '调动: move to another unit or school (roles of the old school end)' })
  move(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MovePersonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.people.move(id, dto, user);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @Access(IDENTITY_WRITERS)
  @ApiOperation({ summary: '停用: suspend; the Keycloak account is disabled and its sessions end at once' })
  suspend(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SuspendPersonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.people.suspend(id, dto, user);
  }

  @Post(':id/depart')
  @HttpCode(200)
  @Access(IDENTITY_WRITERS)
  @ApiOperation({ summary: '离职 / 调出 / 毕业: account disabled, sessions ended, roles revoked' })
  depart(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DepartPersonDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.people.depart(id, dto, user);
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Access(IDENTITY_WRITERS)
  @ApiOperation({ summary: 'Back to active (also clears the dormant flag)' })
  reactivate(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.people.reactivate(id, user);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @Roles('district-admin', 'school-admin')
  @ApiOperation({ summary: 'Issue a new temporary password, shown once; must be changed at next login' })
  resetPassword(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.people.resetPassword(id, user);
  }
}
