import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AuthenticatedUser, CurrentUser, Roles, ServiceScopes } from '@edubase/auth';
import { IDENTITY_READERS, IDENTITY_WRITERS } from '../shared/access-policy';
import { CreateOrgDto, MoveOrgDto, UpdateOrgDto } from './org.dto';
import { OrgService } from './org.service';

@ApiTags('组织机构 organisations')
@Controller('orgs')
export class OrgController {
  constructor(private readonly orgs: OrgService) {}

  @Get('tree')
  @Access(IDENTITY_READERS)
  @ApiOperation({ summary: '组织机构树: the district tree, or the caller’s own school' })
  tree(@CurrentUser() user: AuthenticatedUser) {
    return this.orgs.tree(user);
  }

  @Get('schools/:schoolCode')
  @Access(IDENTITY_READERS)
  @ApiOperation({ summary: 'A school by its 学校标识码' })
  bySchoolCode(@Param('schoolCode') schoolCode: string, @CurrentUser() user: AuthenticatedUser) {
    return this.orgs.getBySchoolCode(schoolCode, user);
  }

  @Get(':id')
  @Access(IDENTITY_READERS)
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
  @Access(IDENTITY_WRITERS)
  @ApiOperation({ summary: 'Create a unit (school-admins: departments of their own school)' })
  create(@Body() dto: CreateOrgDto, @CurrentUser() user: AuthenticatedUser) {
    return this.orgs.create(dto, user);
  }

  @Patch(':id')
  @Access(IDENTITY_WRITERS)
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
  @Access(IDENTITY_WRITERS)
  @ApiOperation({ summary: 'Move a unit under another parent; history keeps the old place' })
  move(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: MoveOrgDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.orgs.move(id, dto, user);
  }
}
