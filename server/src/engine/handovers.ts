// Whether a value read at a sink is a function's parameter as its callers handed it over: the
// parameter itself, or a variable made from it by steps that add no text of the function's own
// (`sql.trim()`, `String(sql)`, `sql = sql.toLowerCase()`). Then the callers built the value, and a
// finding belongs at each call rather than at the sink the function shares with safe callers.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { Variable } from '@typescript-eslint/scope-manager';
import { isFunctionNode, propertyName, unwrap, type FunctionNode } from './astNodes';

/**
 * String methods whose result is the receiver's own text, reshaped or cut, with nothing added:
 * what a caller wrote is still all there is. `replace`, `concat` or `padStart` may add the
 * function's own text, so they make the function the author of the value.
 */
const TEXT_KEEPING_METHODS = new Set([
  'trim', 'trimStart', 'trimEnd', 'trimLeft', 'trimRight', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase',
  'normalize', 'toString', 'valueOf', 'slice', 'substring', 'substr',
]);

/** Variables followed from the read back to the parameter; a chain longer than this is the function's own work. */
const MAX_CHAIN = 8;

export interface HandoverLookup {
  getParent(node: TSESTree.Node): TSESTree.Node | undefined;
  variableOf(node: TSESTree.Identifier): Variable | undefined;
}

export interface HandedOverParameter {
  fn: FunctionNode;
  /** The parameter's position in `fn.params`. */
  index: number;
  /** The parameter's declared identifier. */
  parameter: TSESTree.Identifier;
  /** The reads between the parameter and the sink, innermost first, whose checks the value passes. */
  reads: TSESTree.Identifier[];
}

/**
 * The plain parameter (`function run(sql)`, not destructured, no default) whose value the
 * expression is, through text-keeping steps only; undefined when the function adds anything.
 */
export function handedOverParameter(node: TSESTree.Node, lookup: HandoverLookup): HandedOverParameter | undefined {
  let read = keptTextOf(node);
  const reads: TSESTree.Identifier[] = [];
  for (let hops = 0; read && hops < MAX_CHAIN; hops++) {
    reads.unshift(read);
    const variable = lookup.variableOf(read);
    if (!variable || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0];
    const writes = writesOf(variable, lookup);
    if (!writes) return undefined;
    if (def.type === 'Parameter') {
      const fn = def.node;
      const name = def.name as TSESTree.Identifier;
      if (!isFunctionNode(fn)) return undefined;
      const index = fn.params.indexOf(name);
      // Every reassignment must keep the parameter's own text: `sql = prefix + sql` is the function's SQL.
      if (index < 0 || writes.some((w) => w.source !== variable)) return undefined;
      return { fn, index, parameter: name, reads };
    }
    if (def.type !== 'Variable') return undefined;
    // `const q = sql.trim()`: a local made from one other variable, perhaps reshaped again later.
    const sources = new Set(writes.map((w) => w.source).filter((s) => s !== variable));
    if (sources.size !== 1 || writes.length === 0) return undefined;
    read = writes.find((w) => w.source !== variable)?.read;
  }
  return undefined;
}

interface Write {
  /** The variable whose text the written value keeps. */
  source: Variable | undefined;
  read: TSESTree.Identifier;
}

/** Each write of the variable as the variable it copies; undefined when one adds or takes apart anything. */
function writesOf(variable: Variable, lookup: HandoverLookup): Write[] | undefined {
  const out: Write[] = [];
  for (const reference of variable.references) {
    if (!reference.isWrite()) continue;
    // `sql += ' LIMIT 1'` and writes without a plain right-hand side (destructuring, `for...of`) add or take apart.
    if (reference.isReadWrite() || !reference.writeExpr || !isWholeWrite(reference.identifier as TSESTree.Identifier, reference.writeExpr, lookup)) return undefined;
    const read = keptTextOf(reference.writeExpr);
    if (!read) return undefined;
    out.push({ source: lookup.variableOf(read), read });
  }
  return out;
}

/** `const q = expr` or `q = expr`: the whole value written to the identifier, not a part of it. */
function isWholeWrite(identifier: TSESTree.Identifier, written: TSESTree.Node, lookup: HandoverLookup): boolean {
  const parent = lookup.getParent(identifier);
  if (parent?.type === 'VariableDeclarator') return parent.id === identifier && parent.init === written;
  return parent?.type === 'AssignmentExpression' && parent.left === identifier && parent.right === written && parent.operator === '=';
}

/** The identifier whose text an expression is, with nothing added: `x`, `x.trim()`, `String(x)`, `` `${x}` ``. */
function keptTextOf(raw: TSESTree.Node): TSESTree.Identifier | undefined {
  const node = unwrap(raw);
  if (node.type === 'Identifier') return node;
  if (node.type === 'TemplateLiteral') {
    const only = node.expressions.length === 1 && node.quasis.every((q) => q.value.cooked === '');
    return only ? keptTextOf(node.expressions[0]) : undefined;
  }
  if (node.type !== 'CallExpression' || node.optional) return undefined;
  const callee = unwrap(node.callee);
  if (callee.type === 'Identifier' && callee.name === 'String' && node.arguments.length === 1) return keptTextOf(node.arguments[0]);
  if (callee.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = propertyName(callee);
  return method && TEXT_KEEPING_METHODS.has(method) ? keptTextOf(callee.object) : undefined;
}
