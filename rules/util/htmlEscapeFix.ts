// A fix that escapes each piece of request input where it is put into HTML text, using an HTML
// escaper the file already has (escape-html, he, lodash/underscore `escape`, validator, or a
// function of the file that turns `<` into `&lt;`). Without one, no fix: adding a dependency is
// the author's choice, and the message names the safe pattern instead.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { baseModule, isFunctionNode, type FixProposal, type RuleContext, type TextEdit, unwrap } from '../../server/src/engine/api';
import { buildsMarkup, htmlValueOf } from './htmlValues';

const ENTITY_FOR_LT = /&lt;|&#0*60;|&#x0*3c;/i;
/** Text right before a value that puts it into a URL attribute or a script, where HTML escaping is not enough. */
const URL_ATTRIBUTE_BEFORE = /(?:href|src|action|formaction|style|on\w+)\s*=\s*["']?[^"'<>]*$/i;

/** How to call the escaper the file has, or undefined when it has none. */
export function availableEscaper(context: RuleContext): string | undefined {
  for (const binding of context.imports.bindings) {
    const module = baseModule(binding.module);
    const whole = binding.kind !== 'named';
    if (module === 'escape-html' || module === 'lodash.escape') return whole ? binding.local : undefined;
    if (module === 'he') return whole ? `${binding.local}.encode` : binding.imported === 'encode' || binding.imported === 'escape' ? binding.local : undefined;
    if (module === 'lodash' || module === 'lodash-es' || module === 'underscore' || module === 'validator') {
      if (whole) return `${binding.local}.escape`;
      if (binding.imported === 'escape') return binding.local;
    }
  }
  // A function of the file, declared at its top level, that turns `<` into an entity.
  for (const statement of context.ast.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' && statement.declaration ? statement.declaration : statement;
    if (declaration.type === 'FunctionDeclaration' && declaration.id && ENTITY_FOR_LT.test(context.getText(declaration))) return declaration.id.name;
    if (declaration.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && declarator.init && isFunctionNode(unwrap(declarator.init)) && ENTITY_FOR_LT.test(context.getText(declarator.init))) return declarator.id.name;
      }
    }
  }
  return undefined;
}

/** The pieces of a template or `+` chain, with the constant text before each expression. */
function pieces(node: TSESTree.Node, before: string, out: Array<{ node: TSESTree.Node; before: string }>, depth = 0): string {
  const inner = unwrap(node);
  if (depth > 20) {
    out.push({ node: inner, before });
    return before + '\u0001';
  }
  if (inner.type === 'Literal' && typeof inner.value === 'string') return before + inner.value;
  if (inner.type === 'TemplateLiteral') {
    let text = before;
    inner.quasis.forEach((quasi, i) => {
      text += quasi.value.cooked ?? '';
      if (i < inner.expressions.length) text = pieces(inner.expressions[i], text, out, depth + 1);
    });
    return text;
  }
  if (inner.type === 'BinaryExpression' && inner.operator === '+') return pieces(inner.right, pieces(inner.left, before, out, depth + 1), out, depth + 1);
  out.push({ node: inner, before });
  return before + '\u0001';
}

/** Inside an unclosed `<script>` or `<style>`, HTML escaping does not make a value safe. */
function inRawTextElement(before: string): boolean {
  const lower = before.toLowerCase();
  return lower.lastIndexOf('<script') > lower.lastIndexOf('</script') || lower.lastIndexOf('<style') > lower.lastIndexOf('</style');
}

/**
 * Wraps every piece of `value` that carries request input in the file's escaper. Undefined when
 * the file has none, or when a piece is itself markup (escaping it would show the tags) or sits
 * where HTML escaping is not the right encoding (a URL attribute, a script).
 */
export function escapeInputFix(value: TSESTree.Node, context: RuleContext, messageId: string): FixProposal | undefined {
  const escaper = availableEscaper(context);
  if (!escaper) return undefined;
  const found: Array<{ node: TSESTree.Node; before: string }> = [];
  pieces(value, '', found);
  const tainted = found.filter((p) => htmlValueOf(p.node, context).origin === 'tainted');
  if (tainted.length === 0) return undefined;
  for (const piece of tainted) {
    if (buildsMarkup(piece.node, context) || URL_ATTRIBUTE_BEFORE.test(piece.before) || inRawTextElement(piece.before)) return undefined;
  }
  const edits: TextEdit[] = tainted.map((p) => ({ start: p.node.range[0], end: p.node.range[1], text: `${escaper}(${context.getText(p.node)})` }));
  return { messageId, data: { escaper }, kind: 'suggestion', edits };
}
