// Atlassian's own JSON Schema of the Atlassian Document Format (from @atlaskit/adf-schema, cached by
// scripts/setup-adf-schema.sh), compiled once, so the Jira stand-in refuses any Cloud description
// the format does not allow instead of trusting a transcription of its documentation.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

const ROOT = join(__dirname, '../../..');
/** VERSION in scripts/setup-adf-schema.sh; pinnedFileSetup.test.ts checks they agree. */
export const ADF_SCHEMA_VERSION = '57.7.22';
const SCHEMA_FILE = join(ROOT, '.cache', 'adf-schema', `adf-schema-${ADF_SCHEMA_VERSION}-full.json`);

interface Definition {
  properties?: { type?: { enum?: string[] } };
}

/**
 * A filtered test run skips scripts/setup-test-deps.sh, so the script runs here too: it fetches the
 * schema when missing and checks the cached file's SHA-256 (a few milliseconds) when present.
 */
function loadSchema(): { definitions: Record<string, Definition> } {
  const setup = spawnSync('bash', [join(ROOT, 'scripts', 'setup-adf-schema.sh')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (setup.status !== 0) throw new Error(`scripts/setup-adf-schema.sh failed:\n${setup.stderr}`);
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { $schema?: string; definitions: Record<string, Definition> };
  // The file names draft-04, whose meta-schema Ajv 8 does not ship; it uses no keyword whose meaning
  // changed since (no boolean exclusiveMinimum, no `id` keyword), so it is compiled as the default draft.
  delete schema.$schema;
  return schema;
}

const schema = loadSchema();
// Its draft-04 tuples leave additionalItems open, which Ajv's strict mode would only warn about.
const ajv = new Ajv({ allErrors: true, strictTuples: false });
ajv.addSchema(schema, 'adf');
const validateDocument = ajv.getSchema('adf')!;

/** The schema's definitions of each node type (a type can have several, e.g. a nested variant). */
const definitionsByType = new Map<string, ValidateFunction[]>();
for (const [name, definition] of Object.entries(schema.definitions)) {
  if (!name.endsWith('_node')) continue;
  for (const type of definition.properties?.type?.enum ?? []) {
    definitionsByType.set(type, [...(definitionsByType.get(type) ?? []), ajv.getSchema(`adf#/definitions/${name}`)!]);
  }
}

/**
 * Why `doc` is not a valid ADF document; empty when it is.
 * The schema matches a node against every node type, so Ajv's own errors name dozens of types the
 * node never meant to be; the problems are read instead at the deepest node that fails as its own
 * type while its children pass as theirs.
 */
export function adfSchemaProblems(doc: unknown): string[] {
  if (validateDocument(doc)) return [];
  // The whole schema decides; the walk below only words the refusal, and must never turn it into a pass.
  const problems = nodeProblems(doc, 'description');
  return problems.length > 0 ? problems : [`description does not match the ADF schema of @atlaskit/adf-schema ${ADF_SCHEMA_VERSION}`];
}

function nodeProblems(node: unknown, where: string): string[] {
  const n = node as { type?: unknown; content?: unknown };
  const type = typeof n?.type === 'string' ? n.type : '';
  const validators = definitionsByType.get(type);
  if (!validators) return [`${where}/type ${JSON.stringify(n?.type)} is no ADF node type`];
  if (validators.some((validate) => validate(node))) return [];
  if (Array.isArray(n.content)) {
    for (const [i, child] of n.content.entries()) {
      const problems = nodeProblems(child, `${where}/content/${i}`);
      if (problems.length > 0) return problems;
    }
  }
  // Every child is valid as itself: the node's own attributes, or a child it may not hold, are wrong.
  const validate = validators[0];
  validate(node);
  const problems = new Set<string>();
  for (const error of validate.errors ?? []) {
    const slot = /^\/content\/(\d+)(?:\/|$)/.exec(error.instancePath);
    const mark = /^\/content\/(\d+)\/marks\/(\d+)/.exec(error.instancePath);
    if (mark) {
      const child = (n.content as { marks?: { type?: unknown }[] }[])[Number(mark[1])];
      problems.add(`${where}${mark[0]} a ${String(child.marks?.[Number(mark[2])]?.type)} mark is not allowed inside a ${type}, or lacks an attribute`);
    } else if (slot) {
      const child = (n.content as { type?: unknown }[])[Number(slot[1])];
      problems.add(`${where}/content/${slot[1]} a ${String(child?.type)} node may not be inside a ${type}`);
    } else if (error.keyword !== 'anyOf' && !(error.keyword === 'enum' && error.instancePath.endsWith('/type'))) {
      problems.add(`${where}${error.instancePath} ${describe(error)}`);
    }
  }
  return [...problems].slice(0, 5);
}

function describe(error: ErrorObject): string {
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  return `${error.message ?? error.keyword}${allowed ? ` (${allowed.map((v) => JSON.stringify(v)).join(', ')})` : ''}`;
}
