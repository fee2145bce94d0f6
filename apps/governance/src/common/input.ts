import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** A trimmed, non-empty string of at most `max` characters. */
export const IsText = (max: number): PropertyDecorator =>
  applyDecorators(Transform(trim), IsString(), IsNotEmpty(), MaxLength(max));

/** A calendar date `YYYY-MM-DD` that exists (2027-02-30 is refused, naming the field). */
export const IsCalendarDate = (): PropertyDecorator =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
    ValidateBy({
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
        defaultMessage: () => '$property is not a date of the calendar',
      },
    }),
  );
