// Invariant: the settings a user can set (package.json `contributes.configuration`) and the settings
// the server reads (`RuggedSettings` in server/src/shared/protocol.ts) are the same set of keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..');

function contributedSettings(): Map<string, Record<string, unknown>> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes?: { configuration?: { properties?: Record<string, Record<string, unknown>> } } };
  const properties: Record<string, Record<string, unknown>> = manifest.contributes?.configuration?.properties ?? {};
  return new Map(Object.entries(properties));
}

/** Dotted keys of an interface, nested object literal types flattened: `trace: { server }` → `trace.server`. */
function interfaceKeys(source: string, name: string, prefix: string): string[] {
  const file = ts.createSourceFile('protocol.ts', source, ts.ScriptTarget.ES2022, true);
  const declaration = file.statements.find(
    (statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === name,
  );
  assert.ok(declaration, `interface ${name} not found in protocol.ts`);
  const keys: string[] = [];
  const visit = (members: ts.NodeArray<ts.TypeElement>, path: string) => {
    for (const member of members) {
      if (!ts.isPropertySignature(member) || !member.name) continue;
      const key = `${path}.${member.name.getText(file)}`;
      if (member.type && ts.isTypeLiteralNode(member.type)) visit(member.type.members, key);
      else keys.push(key);
    }
  };
  visit(declaration.members, prefix);
  return keys;
}

const protocolSource = readFileSync(join(root, 'server', 'src', 'shared', 'protocol.ts'), 'utf8');
const typed = interfaceKeys(protocolSource, 'RuggedSettings', 'rugged').sort();
const contributed = contributedSettings();

test('every rugged.* setting in package.json is a field of RuggedSettings', () => {
  const missing = [...contributed.keys()].filter((key) => key.startsWith('rugged.') && !typed.includes(key));
  assert.deepEqual(missing, [], 'add these to RuggedSettings in server/src/shared/protocol.ts');
});

test('every field of RuggedSettings is contributed in package.json', () => {
  const missing = typed.filter((key) => !contributed.has(key));
  assert.deepEqual(missing, [], 'add these to contributes.configuration in package.json');
});

test('every setting has a description and a default; all but the trace are per resource', () => {
  for (const [key, setting] of contributed) {
    assert.ok(
      typeof setting.description === 'string' || typeof setting.markdownDescription === 'string',
      `${key} has no description`,
    );
    assert.ok('default' in setting, `${key} has no default`);
    if (key !== 'rugged.trace.server') assert.equal(setting.scope, 'resource', `${key} should be scoped per resource`);
  }
});
