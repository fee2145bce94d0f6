import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: ValidationError[], env: Record<string, string | undefined>): string[] {
  return errors.flatMap((error) => {
    const raw = env[error.property];
    const shown = raw === undefined ? 'missing' : `got "${raw}"`;
    return Object.values(error.constraints ?? {}).map((reason) => `${error.property}: ${reason} (${shown})`);
  });
}

/**
 * Builds a service's config class from the environment and validates it, so a bad or missing variable
 * stops the boot with a message naming it instead of failing later at first use.
 */
export function loadConfig<T extends object>(
  configClass: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const instance = plainToInstance(
    configClass,
    { ...env },
    { enableImplicitConversion: false, exposeDefaultValues: true },
  );
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(describe(errors, env));
  return instance;
}
