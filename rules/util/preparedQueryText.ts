// A query builder hands over a finished query as an object of text and bindings (knex's
// `toSQL().toNative()` gives `{ sql, bindings }`). Code that appends a constant statement to that
// text (`${query.sql}; SELECT SCOPE_IDENTITY()`) and passes the bindings alongside builds nothing
// from input: the values still travel as bindings. Only the text of such objects and constants may
// make up the query for it to count as one.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, type RuleContext, unwrap } from '../../server/src/engine/api';

/** The field that holds the finished SQL text of a prepared query object. */
const TEXT_FIELD = 'sql';
/** The fields that hold its bound values; reading one shows the object is a prepared query. */
const BINDING_FIELDS = new Set(['bindings', 'values', 'parameters', 'params']);
/** Assignments followed through variables before giving up. */
const MAX_DEPTH = 4;

/** Whether `node` is only constant text and the SQL text of prepared query objects, with at least one of the latter. */
export function isPreparedQueryWithConstants(node: TSESTree.Node, context: RuleContext): boolean {
  let preparedTexts = 0;
  const visit = (current: TSESTree.Node, depth: number): boolean => {
    const inner = unwrap(current);
    switch (inner.type) {
      case 'Literal':
        return typeof inner.value === 'string';
      case 'TemplateLiteral':
        return inner.expressions.every((e) => visit(e, depth));
      case 'BinaryExpression':
        return inner.operator === '+' && visit(inner.left, depth) && visit(inner.right, depth);
      case 'ConditionalExpression':
        return visit(inner.consequent, depth) && visit(inner.alternate, depth);
      case 'MemberExpression':
        if (!isPreparedQueryText(inner, context)) return false;
        preparedTexts++;
        return true;
      case 'Identifier': {
        if (depth >= MAX_DEPTH) return false;
        const writes = context.flow.assignmentsOf(inner);
        return writes.length > 0 && writes.every((w) => unwrap(w) !== inner && visit(w, depth + 1));
      }
      default:
        return false;
    }
  };
  return visit(node, 0) && preparedTexts > 0;
}

/** `query.sql` where the same `query` also has its bindings read. */
function isPreparedQueryText(member: TSESTree.MemberExpression, context: RuleContext): boolean {
  const owner = unwrap(member.object);
  if (propertyName(member) !== TEXT_FIELD || owner.type !== 'Identifier') return false;
  const variable = context.flow.variableOf(owner);
  return (variable?.references ?? []).some(({ identifier }) => {
    const parent = context.getParent(identifier);
    if (parent?.type !== 'MemberExpression' || parent.object !== identifier) return false;
    const name = propertyName(parent);
    return name !== undefined && BINDING_FIELDS.has(name);
  });
}
