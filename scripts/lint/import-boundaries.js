// ESLint rule `weshop/import-boundaries`: the design's import directions between workspaces
// (docs/architecture.md) as a failing lint. It sees every way TypeScript names a module: import and
// export declarations (type-only ones too), `import()` with a literal, `typeof import('…')` types and
// `import x = require('…')`.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const BUILTINS = new Set(builtinModules);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || BUILTINS.has(packageName(specifier));
}

/**
 * The workspace directory (relative to the root, '/'-separated) that holds `path`, given the root
 * package.json's `workspaces` (`apps/*` style or plain folders); undefined outside every workspace.
 */
export function workspaceOf(path, workspaces) {
  const segments = path.split(/[\\/]/);
  for (const pattern of workspaces) {
    const parts = pattern.split('/');
    if (parts.length > segments.length) continue;
    if (parts.every((part, i) => part === '*' || part === segments[i])) {
      return segments.slice(0, parts.length).join('/');
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports inside the directions the design allows between workspaces' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          workspaces: { type: 'array', items: { type: 'string' } },
          scope: { type: 'string' },
          allowOurs: { type: 'array', items: { type: 'string' } },
          allowNode: { type: 'boolean' },
          onlyPackages: { type: 'array', items: { type: 'string' } },
        },
        required: ['root', 'workspaces', 'scope', 'allowOurs'],
        additionalProperties: false,
      },
    ],
    messages: {
      src: "Import '{{name}}' through its package entry, not its src/ folder.",
      ours: '{{workspace}} may not import {{name}}: of our packages it may import {{allowed}}.',
      node: '{{workspace}} runs in the browser: no Node built-in ({{name}}).',
      only: '{{workspace}} may import {{allowed}} only, not {{name}}.',
      crossing: "'{{specifier}}' reaches into {{target}}; import that workspace by its package name.",
    },
  },
  create(context) {
    const { root, workspaces, scope, allowOurs, allowNode = true, onlyPackages } = context.options[0];
    const file = relative(root, context.filename).split(sep).join('/');
    const workspace = workspaceOf(file, workspaces) ?? file;
    const isOurs = (name) => name.startsWith(`${scope}/`);
    const allowed = new Set([...allowOurs, ...(onlyPackages ?? [])]);
    const list = (names) => (names.length === 0 ? 'none' : names.join(', '));

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      const report = (messageId, data) =>
        context.report({ node, messageId, data: { workspace, specifier, ...data } });
      if (specifier.startsWith('.')) {
        const target = relative(root, resolve(dirname(context.filename), specifier))
          .split(sep)
          .join('/');
        const targetWorkspace = workspaceOf(target, workspaces);
        if (targetWorkspace !== undefined && targetWorkspace !== workspace) {
          report('crossing', { target: targetWorkspace });
        }
        return;
      }
      const name = packageName(specifier);
      if (isOurs(name) && /^\/src(\/|$)/.test(specifier.slice(name.length))) return report('src', { name });
      if (isNodeBuiltin(specifier)) {
        if (!allowNode) report('node', { name: specifier });
        return;
      }
      if (isOurs(name) && !allowOurs.includes(name)) {
        return report('ours', { name, allowed: list(allowOurs) });
      }
      if (onlyPackages && !allowed.has(name)) report('only', { name, allowed: list([...allowed]) });
    }

    const literal = (node) => (node?.type === 'Literal' ? node.value : undefined);
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) => check(node, literal(node.source)),
      TSImportType: (node) => check(node, literal(node.source ?? node.argument?.literal ?? node.argument)),
      TSExternalModuleReference: (node) => check(node, literal(node.expression)),
    };
  },
};
