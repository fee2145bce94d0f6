import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, Roles, ServiceScopes } from '@edubase/auth';
import { CreateOrgDto, MoveOrgDto, UpdateOrgDto } from './org.dto';
import { OrgService } from './org.service';

const readers = [
  'district-admin',
  'leader',
  'researcher',
  'school-admin',
  'network-admin',
  'security-officer',
  'teacher',
] as const;

@ApiTags('组织机构 organisations')
@Controller('orgs')
export class OrgController {
  constructor(private readonly orgs: OrgService) {}

  @Get('tree')
  @Roles(...readers)
  @ServiceScopes('identity:read', 'identity:write')
  @ApiOperation({ summary: '组织机构树: the district tree, or the caller’s own school' })
  tree(@CurrentUser() user: AuthenticatedUser) {
    return this.orgs.tree(user);
  }

  @Get('schools/:schoolCode')
  @Roles(...readers)
  @ServiceScopes('identity:read', 'identity:write')
  @ApiOperation({ summary: 'A school by its 学校标识码' })
  bySchoolCode(@Param('schoolCode') schoolCode: string, @CurrentUser() user: AuthenticatedUser) {
    return this.orgs.getBySchoolCode(schoolCode, user);
  }

  @Get(':id')
  @Roles(...readers)
  @ServiceScopes('identity:read', 'identity:write')
  @ApiOperation({ summary: 'One organisation unit' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.orgs.get(id, user);
  }

  @Get(':id/history')
  @Roles('district-admin', 'school-admin')
  @ServiceScopes('identity:read', 'identity:write')
  @ApiOperation({ summary: 'Every rename and move of a unit, oldest first' })
  history(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.orgs.history(id, user);
  }

  @Post()
  @Roles('district-admin', 'school-admin')
  @ServiceScopes('identity:write')
  @ApiOperation({ summary: 'Create a unit (school-admins: departments of their own school)' })
  create(@Body() dto: CreateOrgDto, @CurrentUser() user: AuthenticatedUser) {
    return this.orgs.create(dto, user);
  }

  @Patch(':id')
  @Roles('district-admin', 'school-admin')
  @ServiceScopes('identity:write')
  @ApiOperation({ summary: 'Rename a unit or change its stage or address; history keeps the old values' })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateOrgDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.orgs.update(id, dto, user);
  }

  @Post(':id/move')
  @HttpCode(200)
  @Roles('district-admin', 'school-admin')
  @ServiceScopes('identity:write')
  @ApiOperation({ summary: 'Move a unit under another parent; history keeps the old place' })
  move(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MoveOrgDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.orgs.move(id, dto, user);
  }
}
