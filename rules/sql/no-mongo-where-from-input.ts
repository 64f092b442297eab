// Flags JavaScript that MongoDB runs on the server ($where, mapReduce, $function, $accumulator)
// when its code string is assembled from request input or from values of unknown origin.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, type FixProposal, unwrap } from '../../server/src/engine/api';
import { calledMethod, keyName } from '../util/mongoQueries';
import { guardAdjustment } from '../util/guardPolicy';

/** `$accumulator` fields that hold code; `args`, `initArgs` and `lang` are data. */
const ACCUMULATOR_CODE_FIELDS = new Set(['init', 'accumulate', 'merge', 'finalize']);
/** mapReduce options (or command fields) that hold code. */
const MAP_REDUCE_CODE_FIELDS = new Set(['map', 'reduce', 'finalize']);
/** `this.field == '` before the value and the closing quote after it. */
const EQUALITY_PREFIX = /^\s*this\.([A-Za-z_$][\w$]*)\s*={2,3}\s*(['"])$/;
const EQUALITY_SUFFIX = /^(['"])\s*$/;

interface CodeSite {
  /** The expression holding the code. */
  value: TSESTree.Node;
  operator: string;
}

function objectProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  for (const property of object.properties) if (property.type === 'Property' && keyName(property) === name) return property;
  return undefined;
}

function codeFieldsOf(object: TSESTree.Node, fields: Set<string>, operator: string): CodeSite[] {
  const inner = unwrap(object);
  if (inner.type !== 'ObjectExpression') return [];
  const sites: CodeSite[] = [];
  for (const property of inner.properties) {
    if (property.type !== 'Property') continue;
    const key = keyName(property);
    if (key !== undefined && fields.has(key)) sites.push({ value: property.value, operator });
  }
  return sites;
}

function stringOf(node: TSESTree.Node): string | undefined {
  return node.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
}

/** `this.name == '${v}'` written as a template or a concatenation: the field and the value expression. */
function simpleEquality(code: TSESTree.Node): { field: string; value: TSESTree.Node } | undefined {
  const inner = unwrap(code);
  let prefix: string | undefined;
  let suffix: string | undefined;
  let value: TSESTree.Node | undefined;
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 1) {
    prefix = inner.quasis[0].value.cooked ?? undefined;
    suffix = inner.quasis[1].value.cooked ?? undefined;
    value = inner.expressions[0];
  } else if (inner.type === 'BinaryExpression' && inner.operator === '+' && inner.left.type === 'BinaryExpression' && inner.left.operator === '+') {
    prefix = stringOf(inner.left.left);
    value = inner.left.right;
    suffix = stringOf(inner.right);
  }
  if (prefix === undefined || suffix === undefined || !value) return undefined;
  const head = EQUALITY_PREFIX.exec(prefix);
  const tail = EQUALITY_SUFFIX.exec(suffix);
  if (!head || !tail || head[2] !== tail[1]) return undefined;
  return { field: head[1], value };
}

export default defineRule({
  id: 'sql/no-mongo-where-from-input',
  meta: {
    title: 'MongoDB server-side JavaScript built from input',
    checklist: 'MongoDB queries never run JavaScript (`$where`, `mapReduce`, `$function`, `$accumulator`) assembled from request input; they use query operators instead.',
    rationale:
      'MongoDB evaluates `$where` and the other server-side JavaScript operators as code, so a quote in a request value ends the intended comparison and appends the attacker\'s own JavaScript. With it they can match every document (`\' || \'1\'==\'1`), probe data one character at a time, or keep the database busy with an endless loop.',
    severity: 'error',
    securitySeverity: '8.8',
    confidence: 'high',
    cwe: ['CWE-943', 'CWE-95'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/943.html',
      'https://cwe.mitre.org/data/definitions/95.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://www.mongodb.com/docs/manual/reference/operator/query/where/',
      'https://www.mongodb.com/docs/manual/core/server-side-javascript/',
    ],
    frameworks: ['mongodb', 'mongoose'],
    fix: 'suggestion',
    messages: {
      taintedCode:
        'MongoDB runs the `{{operator}}` code as JavaScript and it is built from request input `{{source}}`; express the condition with query operators such as `$eq` instead.',
      builtCode:
        'MongoDB runs the `{{operator}}` code as JavaScript and it is assembled at run time from values of unknown origin; express the condition with query operators such as `$eq` instead.',
      useEq: 'Replace with `{{field}}: { $eq: … }`',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'read every document of {asset} by putting my own JavaScript into a value that ends up in a `$where` clause',
      harm: 'I copy {asset}, or tie up the database with an endless loop',
      stride: ['T', 'I', 'D'],
      asset: 'documents in the MongoDB database and its availability',
      controls: [
        'Queries use MongoDB query operators (`$eq`, `$expr` without JavaScript) instead of `$where`, `mapReduce` or `$function` code strings',
        'Server-side JavaScript is disabled on the database (`security.javascriptEnabled: false`)',
        'An automated security test sends `\' || \'1\'==\'1` as the value and receives no extra documents',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.1.0',
  },
  create(context) {
    function check(site: CodeSite, fix?: (field: string, valueText: string) => FixProposal | undefined): void {
      const value = unwrap(site.value);
      const flow = context.flow.valueOf(value);
      const adjustment = guardAdjustment(flow, 'injection');
      if (!adjustment) return;
      const tainted = flow.origin === 'tainted';
      if (!tainted && !(flow.origin === 'unknown' && flow.built)) return;
      const equality = simpleEquality(value);
      const proposal = equality && fix ? fix(equality.field, context.getText(equality.value)) : undefined;
      context.report({
        node: site.value,
        messageId: tainted ? 'taintedCode' : 'builtCode',
        data: { operator: site.operator, source: flow.source?.description ?? '' },
        severity: adjustment.severity ?? (tainted ? 'error' : 'warning'),
        confidence: adjustment.confidence ?? (tainted ? 'high' : 'medium'),
        fixes: proposal ? [proposal] : [],
        related: [
          ...(flow.source && flow.source.node !== site.value ? [{ node: flow.source.node, message: `request input ${flow.source.description}` }] : []),
          ...adjustment.related,
        ],
      });
    }

    return {
      Property(raw) {
        const property = raw as TSESTree.Property;
        const key = keyName(property);
        const parent = context.getParent(property);
        if (!parent || parent.type !== 'ObjectExpression') return;
        if (key === '$where') {
          check({ value: property.value, operator: '$where' }, (field, valueText) => {
            // Replacing the property must not create a duplicate key in the same filter.
            if (objectProperty(parent, field)) return undefined;
            return { messageId: 'useEq', data: { field }, kind: 'suggestion', edits: [{ start: property.range[0], end: property.range[1], text: `${field}: { $eq: ${valueText} }` }] };
          });
        } else if (key === '$function') {
          const body = unwrap(property.value);
          const code = body.type === 'ObjectExpression' ? objectProperty(body, 'body') : undefined;
          if (code) check({ value: code.value, operator: '$function' });
        } else if (key === '$accumulator') {
          for (const site of codeFieldsOf(property.value, ACCUMULATOR_CODE_FIELDS, '$accumulator')) check(site);
        } else if (key === 'mapReduce') {
          // db.command({ mapReduce: 'orders', map: '...', reduce: '...' })
          for (const site of codeFieldsOf(parent, MAP_REDUCE_CODE_FIELDS, 'mapReduce')) check(site);
        }
      },
      CallExpression(raw) {
        const call = raw;
        const called = calledMethod(call);
        if (!called) return;
        const [first, second, third] = call.arguments;
        if (called.method === '$where' && first && first.type !== 'SpreadElement') {
          // Mongoose: Model.$where(js) / query.$where(js)
          const callee = unwrap(call.callee) as TSESTree.MemberExpression;
          check({ value: first, operator: '$where' }, (field, valueText) => ({
            messageId: 'useEq',
            data: { field },
            kind: 'suggestion',
            edits: [{ start: callee.property.range[0], end: call.range[1], text: `where({ ${field}: { $eq: ${valueText} } })` }],
          }));
          return;
        }
        if (called.method !== 'mapReduce' || !first || first.type === 'SpreadElement') return;
        const firstValue = unwrap(first);
        if (firstValue.type === 'ObjectExpression') {
          // Mongoose: Model.mapReduce({ map, reduce, finalize })
          for (const site of codeFieldsOf(firstValue, MAP_REDUCE_CODE_FIELDS, 'mapReduce')) check(site);
          return;
        }
        // Driver: collection.mapReduce(map, reduce, { finalize })
        check({ value: first, operator: 'mapReduce' });
        if (second && second.type !== 'SpreadElement') check({ value: second, operator: 'mapReduce' });
        if (third && third.type !== 'SpreadElement') for (const site of codeFieldsOf(third, new Set(['finalize']), 'mapReduce')) check(site);
      },
    };
  },
});
