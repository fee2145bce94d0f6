import { HttpStatus } from '@nestjs/common';
import { FieldError, ProblemException, VALIDATION_PROBLEM_TYPE } from '@edubase/http';

/**
 * A 400 problem for input that passed the DTO checks but breaks a domain rule (a school without 学段, a
 * department under a centre…), in the same shape as DTO validation failures: one entry per field.
 */
export function invalidFields(errors: FieldError[]): ProblemException {
  const fields = [...new Set(errors.map((error) => error.field))];
  return new ProblemException({
    status: HttpStatus.BAD_REQUEST,
    type: VALIDATION_PROBLEM_TYPE,
    title: 'Request validation failed',
    detail: `Invalid field${fields.length === 1 ? '' : 's'}: ${fields.join(', ')}.`,
    extensions: { errors },
  });
}

export const invalidField = (field: string, reason: string): ProblemException =>
  invalidFields([{ field, reason }]);
