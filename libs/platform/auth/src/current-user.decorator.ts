import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from './authenticated-user';

/** Where the guard leaves the verified caller on the request. */
export const USER_REQUEST_KEY = 'user';

export function userOf(request: object): AuthenticatedUser | undefined {
  const user: unknown = Reflect.get(request, USER_REQUEST_KEY);
  return typeof user === 'object' && user !== null ? (user as AuthenticatedUser) : undefined;
}

/**
 * The verified caller of a route guarded by @Roles/@Authenticated/@ServiceScopes. On a @Public route
 * it is undefined, so declare the parameter as `AuthenticatedUser | undefined` there.
 */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  userOf(context.switchToHttp().getRequest<object>()),
);
