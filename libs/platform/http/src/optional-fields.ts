import { IsOptional, Matches, ValidateIf } from 'class-validator';

/**
 * A field the client may leave out; when present it must pass the field's other checks, `null` included.
 * class-validator's own @IsOptional() also skips `null`, which let `{"name": null}` through to a NOT NULL
 * column (a 500 instead of a 400 naming the field): DTOs use this instead, and a lint rule keeps it so.
 */
export const OptionalField = (): PropertyDecorator =>
  ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A field the client may leave out or set to `null` to clear it (e.g. a person's mobile number). */
export const NullableField = (): PropertyDecorator => IsOptional();

/** A 10-digit 学校标识码, the tenant key; the message names the field it is on. */
export const IsSchoolCode = (): PropertyDecorator =>
  Matches(/^\d{10}$/, { message: '$property must be a 10-digit 学校标识码' });
