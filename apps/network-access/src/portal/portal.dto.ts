import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIP, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OptionalField } from '@edubase/http';

/** The device parameters the BRAS puts in the URL it redirects an unauthenticated browser to. */
export class PortalDeviceQuery {
  @ApiProperty({ example: 'aa-bb-cc-dd-ee-ff', description: 'MAC of the device (any common notation)' })
  @Matches(/^([0-9a-fA-F]{2}[-:]?){5}[0-9a-fA-F]{2}$/, { message: 'mac must be a MAC address' })
  mac!: string;

  @ApiProperty({ example: '10.31.12.45', description: 'IPv4 address of the device' })
  @IsIP('4')
  ip!: string;

  @ApiProperty({ example: '10.31.0.1', description: 'IPv4 address of the BRAS/NAS, as registered' })
  @IsIP('4')
  nas!: string;
}

/** What Keycloak appends to the redirect URI (RFC 6749 §4.1.2, OIDC session management, RFC 9207). */
export class PortalCallbackQuery {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  state!: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(4096)
  code?: string;

  @ApiPropertyOptional({ description: 'e.g. access_denied when the person cancelled' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  error?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(1000)
  error_description?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(200)
  session_state?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(500)
  iss?: string;
}
