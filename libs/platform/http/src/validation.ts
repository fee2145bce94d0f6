import { ValidationPipe } from '@nestjs/common';
import { validationProblem } from './problem-details';

/**
 * Strict input validation for every route: unknown properties are refused (not silently dropped, so a
 * typo never loses data), payloads become DTO instances, and failures are a 400 problem naming each field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationProblem(errors),
  });
}
