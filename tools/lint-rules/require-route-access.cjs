// Fails any NestJS route handler that declares neither who may call it (@Roles / @Authenticated /
// @ServiceScopes) nor that it is deliberately open (@Public), on the method or its controller class.
const ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All', 'Sse']);
const ACCESS_DECORATORS = new Set(['Public', 'Roles', 'Authenticated', 'ServiceScopes', 'Access']);

function decoratorName(decorator) {
  const expression = decorator.expression;
  if (expression.type === 'CallExpression' && expression.callee.type === 'Identifier')
    return expression.callee.name;
  if (expression.type === 'Identifier') return expression.name;
  return undefined;
}

function hasAccessDecorator(node) {
  return (node.decorators ?? []).some((decorator) => ACCESS_DECORATORS.has(decoratorName(decorator)));
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: {
      description: 'every route declares its access: @Roles, @Authenticated, @ServiceScopes or @Public',
    },
    messages: {
      missingAccess:
        'Route handler "{{name}}" has no access decorator: add @Roles(...), @Authenticated(), @ServiceScopes(...) or @Public().',
    },
    schema: [],
  },
  create(context) {
    return {
      MethodDefinition(node) {
        const isRoute = (node.decorators ?? []).some((decorator) =>
          ROUTE_DECORATORS.has(decoratorName(decorator)),
        );
        if (!isRoute) return;
        const classNode = node.parent && node.parent.parent;
        if (hasAccessDecorator(node) || (classNode && hasAccessDecorator(classNode))) return;
        const name = node.key.type === 'Identifier' ? node.key.name : '<computed>';
        context.report({ node: node.key, messageId: 'missingAccess', data: { name } });
      },
    };
  },
};
