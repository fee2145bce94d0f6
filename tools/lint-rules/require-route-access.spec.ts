import { Rule, RuleTester } from 'eslint';
import { createRequire } from 'node:module';
import tseslint from 'typescript-eslint';

// The rule is plain CommonJS (eslint.config.mjs loads it as is), so it is required, untyped, by path.
const requireRouteAccess = createRequire(__filename)('./require-route-access.cjs') as Rule.RuleModule;

const ruleTester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
});

const controller = (classDecorators: string, methodDecorators: string): string => `
  ${classDecorators}
  @Controller('people')
  class PeopleController {
    ${methodDecorators}
    @Get(':id')
    find(@Param('id') id: string) { return id; }

    helper() { return 1; }
  }
`;

ruleTester.run('require-route-access', requireRouteAccess, {
  valid: [
    { name: '@Public() on the method', code: controller('', '@Public()') },
    { name: '@Roles(...) on the method', code: controller('', "@Roles('district-admin', 'leader')") },
    { name: '@Authenticated() on the method', code: controller('', '@Authenticated()') },
    { name: '@ServiceScopes(...) on the method', code: controller('', "@ServiceScopes('identity:read')") },
    { name: '@Access(rule) on the method', code: controller('', '@Access(IDENTITY_WRITERS)') },
    { name: '@Public() on the class', code: controller('@Public()', '') },
    { name: '@Roles(...) on the class', code: controller("@Roles('teacher')", '') },
    { name: '@Authenticated() on the class', code: controller('@Authenticated()', '') },
    { name: '@ServiceScopes(...) on the class', code: controller("@ServiceScopes('identity:read')", '') },
    {
      name: 'a method that is not a route needs nothing',
      code: "@Controller('x') class X { helper() { return 1; } }",
    },
  ],
  invalid: [
    {
      name: 'a route with no access decorator anywhere',
      code: controller('', ''),
      errors: [{ messageId: 'missingAccess', data: { name: 'find' } }],
    },
    {
      name: 'each unguarded route is reported, whatever its HTTP verb',
      code: `
        @Controller('people')
        class PeopleController {
          @Post() create() { return 1; }
          @Roles('district-admin') @Delete(':id') remove() { return 1; }
          @Patch(':id') update() { return 1; }
        }
      `,
      errors: [
        { messageId: 'missingAccess', data: { name: 'create' } },
        { messageId: 'missingAccess', data: { name: 'update' } },
      ],
    },
    {
      name: 'an unrelated decorator does not count as access',
      code: controller('@ApiTags("people")', '@HttpCode(200)'),
      errors: [{ messageId: 'missingAccess', data: { name: 'find' } }],
    },
  ],
});
