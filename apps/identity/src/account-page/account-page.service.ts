import { BadGatewayException, Inject, Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { AuthenticatedUser } from '@edubase/auth';
import type { AccountMe } from '@edubase/contracts/api/identity';
import { roleLabels } from '@edubase/labels';
import { IdentityConfig } from '../identity.config';
import { OrgUnit } from '../org/org-unit.entity';
import { invalidField } from '../shared/problems';
import { PeopleQueries } from '../people/people-queries.service';

export class AccountTokenRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(4096)
  code!: string;

  @ApiProperty({ description: 'PKCE code verifier (RFC 7636: 43-128 characters)' })
  @Matches(/^[A-Za-z0-9._~-]{43,128}$/, { message: 'codeVerifier must be an RFC 7636 code verifier' })
  codeVerifier!: string;

  @ApiProperty({ example: 'http://127.0.0.1:3101/account' })
  @Matches(/^https?:\/\/[^/?#]+\/account$/, { message: 'redirectUri must be the 我的账号 page URL' })
  redirectUri!: string;
}

/** The public SPA client of the realm (authorization code + PKCE S256, loopback redirect URIs). */
export const ACCOUNT_PAGE_CLIENT_ID = 'edubase-web';

@Injectable()
export class AccountPageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleQueries,
    @Inject(IdentityConfig) private readonly config: IdentityConfig,
  ) {}

  /**
   * Redeems the page's authorization code at Keycloak's token endpoint, server to server. The client is
   * public and PKCE-bound, so this adds no power: only the browser that holds the verifier succeeds. It
   * exists because Keycloak's CORS allows the exact redirect-URI origins, and the realm's loopback URIs
   * (http://127.0.0.1/*, any port per RFC 8252) carry no port.
   */
  async redeemCode(request: AccountTokenRequest) {
    const url = `${this.config.KEYCLOAK_URL.replace(/\/$/, '')}/realms/${encodeURIComponent(this.config.KEYCLOAK_REALM)}/protocol/openid-connect/token`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: ACCOUNT_PAGE_CLIENT_ID,
          code: request.code,
          code_verifier: request.codeVerifier,
          redirect_uri: request.redirectUri,
        }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new BadGatewayException(`Keycloak cannot be reached: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok)
      throw invalidField('code', String(body.error_description ?? body.error ?? `HTTP ${response.status}`));
    return { access_token: body.access_token, id_token: body.id_token, expires_in: body.expires_in };
  }

  /** What the page shows: name (as written, 姓 then 名), school, unit and roles, nothing personal beyond it. */
  async me(user: AuthenticatedUser): Promise<AccountMe> {
    const person = await this.people.me(user);
    const schoolCodes = [
      ...new Set(
        [person.schoolCode, ...person.roles.map((grant) => grant.schoolCode)].filter((code) => code !== null),
      ),
    ];
    const units = await this.dataSource.getRepository(OrgUnit).find({
      where: [{ id: person.orgId }, ...(schoolCodes.length ? [{ schoolCode: In(schoolCodes) }] : [])],
    });
    const schoolNamed = (code: string | null) =>
      units.find((unit) => code !== null && unit.schoolCode === code);
    const school = schoolNamed(person.schoolCode);
    const unit = units.find((candidate) => candidate.id === person.orgId);
    return {
      name: person.name,
      staffNo: person.staffNo,
      school: school ? { code: school.schoolCode, name: school.name } : null,
      unit: unit ? { id: unit.id, name: unit.name, kind: unit.kind } : null,
      roles: person.roles.map((grant) => ({
        role: grant.role,
        label: roleLabels[grant.role],
        scope: grant.scope,
        schoolCode: grant.schoolCode,
        schoolName: schoolNamed(grant.schoolCode)?.name ?? null,
        endsAt: grant.endsAt,
      })),
    };
  }
}
