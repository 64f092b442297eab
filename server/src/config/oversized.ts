// Applies the schema's maxItems / maxProperties before the validator sees a value: a container
// over its limit is reported once and replaced by an empty one, so a file of 100,000 entries costs
// one problem, not 100,000 validations and messages. Walks the schema, so its depth is the
// schema's, not the file's.
import { escapePointer } from './pointers';

interface SchemaNode {
  $ref?: string;
  type?: string;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  maxItems?: number;
  maxProperties?: number;
}

export interface OversizedContainer {
  pointer: string;
  message: string;
}

export function trimOversized(value: unknown, root: SchemaNode): { value: unknown; oversized: OversizedContainer[] } {
  const oversized: OversizedContainer[] = [];
  const definitions = (root as { definitions?: Record<string, SchemaNode> }).definitions ?? {};
  const resolve = (node: SchemaNode, data: unknown): SchemaNode => {
    let current = node;
    if (current.$ref) current = definitions[current.$ref.replace('#/definitions/', '')] ?? {};
    // Of alternatives, the one for this kind of value is the one whose limits apply.
    if (current.anyOf) current = current.anyOf.find((branch) => branch.type === kindOf(data)) ?? {};
    return current;
  };
  const visit = (data: unknown, node: SchemaNode, pointer: string): unknown => {
    const schema = resolve(node, data);
    if (Array.isArray(data)) {
      if (schema.maxItems !== undefined && data.length > schema.maxItems) {
        oversized.push({ pointer, message: `has ${data.length} entries; at most ${schema.maxItems} are allowed, so none of them is used` });
        return [];
      }
      const items = schema.items;
      return items ? data.map((item, index) => visit(item, items, `${pointer}/${index}`)) : data;
    }
    if (data === null || typeof data !== 'object') return data;
    const keys = Object.keys(data);
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
      oversized.push({ pointer, message: `has ${keys.length} keys; at most ${schema.maxProperties} are allowed, so none of them is used` });
      return {};
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const child = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      const entry = (data as Record<string, unknown>)[key];
      Object.defineProperty(out, key, { value: child ? visit(entry, child, `${pointer}/${escapePointer(key)}`) : entry, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return { value: visit(value, root, ''), oversized };
}

function kindOf(data: unknown): string {
  if (Array.isArray(data)) return 'array';
  if (data === null) return 'null';
  return typeof data;
}
