import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, AuthenticatedUser, CurrentUser, Roles, ServiceScopes } from '@edubase/auth';
import { IDENTITY_WRITERS } from '../shared/access-policy';
import { GrantRoleDto } from './roles.dto';
import { RolesService } from './roles.service';

@ApiTags('角色 roles')
@Controller('people/:personId/roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @Roles('district-admin', 'school-admin', 'leader', 'researcher', 'security-officer')
  @ServiceScopes('identity:read', 'identity:write')
  @ApiOperation({ summary: 'Every role grant of a person, current and revoked' })
  list(@Param('personId', new ParseUUIDPipe()) personId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.roles.list(personId, user);
  }

  @Post()
  @Access(IDENTITY_WRITERS)
  @ApiOperation({ summary: 'Grant a role for a school or the district; mirrored to Keycloak realm roles' })
  grant(
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Body() dto: GrantRoleDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.roles.grant(personId, dto, user);
  }

  @Delete(':grantId')
  @Access(IDENTITY_WRITERS)
  @ApiOperation({ summary: 'Revoke a role grant (kept as history)' })
  revoke(
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Param('grantId', new ParseUUIDPipe()) grantId: string,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.roles.revoke(personId, grantId, user);
  }
}
