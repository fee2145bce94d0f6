import { HttpStatus } from '@nestjs/common';
import { ProblemException, VALIDATION_PROBLEM_TYPE } from '@edubase/http';

/** A domain rule the DTO cannot check, refused as the validation pipe refuses a field: 400 naming it. */
export function fieldProblem(field: string, reason: string): ProblemException {
  return new ProblemException({
    status: HttpStatus.BAD_REQUEST,
    type: VALIDATION_PROBLEM_TYPE,
    title: 'Request validation failed',
    detail: `Invalid field: ${field}.`,
    extensions: { errors: [{ field, reason }] },
  });
}

/** Several fields refused at once (each named), as the validation pipe answers. */
export function fieldProblems(errors: readonly { field: string; reason: string }[]): ProblemException {
  return new ProblemException({
    status: HttpStatus.BAD_REQUEST,
    type: VALIDATION_PROBLEM_TYPE,
    title: 'Request validation failed',
    detail: `Invalid fields: ${errors.map((error) => error.field).join(', ')}.`,
    extensions: { errors },
  });
}
