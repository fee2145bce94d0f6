import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUrl, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class TokenRelayDto {
  @ApiProperty({ enum: ['authorization_code', 'refresh_token'] })
  @IsIn(['authorization_code', 'refresh_token'])
  grantType!: 'authorization_code' | 'refresh_token';

  @ApiPropertyOptional({ description: 'authorization_code: the code Keycloak returned' })
  @ValidateIf((dto: TokenRelayDto) => dto.grantType === 'authorization_code')
  @IsString()
  @MinLength(1)
  @MaxLength(4_000)
  code?: string;

  @ApiPropertyOptional({ description: 'authorization_code: the redirect URI of the sign-in' })
  @ValidateIf((dto: TokenRelayDto) => dto.grantType === 'authorization_code')
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  redirectUri?: string;

  @ApiPropertyOptional({ description: 'authorization_code: the PKCE code verifier' })
  @ValidateIf((dto: TokenRelayDto) => dto.grantType === 'authorization_code')
  @IsString()
  @MinLength(43)
  @MaxLength(128)
  codeVerifier?: string;

  @ApiPropertyOptional({ description: 'refresh_token: the refresh token' })
  @ValidateIf((dto: TokenRelayDto) => dto.grantType === 'refresh_token')
  @IsString()
  @MinLength(1)
  @MaxLength(8_000)
  refreshToken?: string;
}
