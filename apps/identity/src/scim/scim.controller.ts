import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthenticatedUser, CurrentUser, Public, ServiceScopes } from '@edubase/auth';
import { ScimError } from './scim-error';
import { ScimGroupsService } from './scim-groups.service';
import { resourceTypes, schemaDefinitions, SCIM_CONTENT_TYPE, serviceProviderConfig } from './scim-schemas';
import type { ScimUserResource } from './scim-user';
import { ScimUsersService } from './scim-users.service';
import { ScimListQueryDto } from './scim.dto';

const READ = 'identity:read';
const WRITE = 'identity:write';

function withVersion<T extends { meta: { version: string } }>(reply: FastifyReply, resource: T): T {
  void reply.header('ETag', resource.meta.version);
  return resource;
}

/**
 * SCIM 2.0 (RFC 7643/7644) for the district's HR systems, which call as service accounts (client
 * credentials) with identity:read / identity:write. They act for the whole district, so the school-admin
 * rule (own school only) does not apply here; school admins use the REST API or the roster import.
 */
@ApiTags('SCIM 2.0')
@Controller('scim/v2')
export class ScimController {
  constructor(
    private readonly users: ScimUsersService,
    private readonly groups: ScimGroupsService,
  ) {}

  @Get('ServiceProviderConfig')
  @Public() // capability description only, no data (RFC 7644 §4 discovery)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  @ApiOperation({ summary: 'SCIM capabilities: PATCH, filter, ETag; no bulk, sort or password change' })
  serviceProviderConfig() {
    return serviceProviderConfig();
  }

  @Get('ResourceTypes')
  @Public() // schema discovery, no data
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  @ApiOperation({ summary: 'User and Group resource types' })
  resourceTypes() {
    const resources = resourceTypes();
    return this.listOf(resources);
  }

  @Get('ResourceTypes/:id')
  @Public() // schema discovery, no data
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  resourceType(@Param('id') id: string) {
    const found = resourceTypes().find((type) => type.id === id);
    if (!found) throw new ScimError(HttpStatus.NOT_FOUND, `No resource type ${id}.`);
    return found;
  }

  @Get('Schemas')
  @Public() // schema discovery, no data
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  @ApiOperation({ summary: 'Core User/Group, enterprise and EduBase extension schemas' })
  schemas() {
    return this.listOf(schemaDefinitions());
  }

  @Get('Schemas/:id')
  @Public() // schema discovery, no data
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  schema(@Param('id') id: string) {
    const found = schemaDefinitions().find((schema) => schema.id === id);
    if (!found) throw new ScimError(HttpStatus.NOT_FOUND, `No schema ${id}.`);
    return found;
  }

  @Get('Users')
  @ServiceScopes(READ, WRITE)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  @ApiOperation({ summary: 'Staff as SCIM Users: filter userName/externalId eq, startIndex/count paging' })
  listUsers(@Query() query: ScimListQueryDto, @CurrentUser() reader: AuthenticatedUser) {
    return this.users.list(query, reader);
  }

  @Get('Users/:id')
  @ServiceScopes(READ, WRITE)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  async getUser(
    @Param('id') id: string,
    @CurrentUser() reader: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withVersion(reply, await this.users.get(id, reader));
  }

  @Post('Users')
  @ServiceScopes(WRITE)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  @ApiOperation({ summary: 'Create a member of staff (Keycloak account with a temporary password)' })
  async createUser(
    @Body() body: unknown,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ScimUserResource> {
    const created = await this.users.create(body, user);
    void reply.status(HttpStatus.CREATED).header('Location', created.meta.location);
    return withVersion(reply, created);
  }

  @Put('Users/:id')
  @ServiceScopes(WRITE)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  @ApiOperation({ summary: 'Replace a User; If-Match checks meta.version (412 when it changed)' })
  async replaceUser(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withVersion(reply, await this.users.replace(id, body, ifMatch, user));
  }

  @Patch('Users/:id')
  @ServiceScopes(WRITE)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  @ApiOperation({ summary: 'add/replace/remove; active=false suspends (Keycloak disabled, event published)' })
  async patchUser(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withVersion(reply, await this.users.patch(id, body, ifMatch, user));
  }

  @Delete('Users/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ServiceScopes(WRITE)
  @ApiOperation({ summary: 'Departure (离职): the account is disabled; the record is never deleted' })
  async deleteUser(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<void> {
    await this.users.remove(id, ifMatch, user);
  }

  @Get('Groups')
  @ServiceScopes(READ, WRITE)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  @ApiOperation({ summary: 'Schools and departments; filter displayName/externalId (学校标识码) eq' })
  listGroups(@Query() query: ScimListQueryDto) {
    return this.groups.list(query);
  }

  @Get('Groups/:id')
  @ServiceScopes(READ, WRITE)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  async getGroup(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withVersion(reply, await this.groups.get(id));
  }

  @Patch('Groups/:id')
  @ServiceScopes(WRITE)
  @Header('Content-Type', SCIM_CONTENT_TYPE)
  @ApiOperation({ summary: 'add members = move those staff into this unit (调动)' })
  async patchGroup(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withVersion(reply, await this.groups.patch(id, body, user));
  }

  private listOf<T>(resources: T[]) {
    return {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: resources.length,
      startIndex: 1,
      itemsPerPage: resources.length,
      Resources: resources,
    };
  }
}
