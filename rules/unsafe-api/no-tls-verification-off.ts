// Flags code that turns off TLS certificate verification: `rejectUnauthorized: false` (https, tls,
// axios/got/node-fetch/undici agents, ws, pg, nodemailer...), NODE_TLS_REJECT_UNAUTHORIZED=0, a
// checkServerIdentity that accepts everything, request's `strictSSL: false`, MongoDB's
// tlsAllowInvalid* options and superagent's disableTLSCerts(). Offers to remove the setting.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, propertyName, type TextEdit, defineRule, type FixProposal, type RuleContext, unwrap, keyNameOf } from '../../server/src/engine/api';
import { removePropertyEdit, removeStatementEdit } from '../util/removalEdits';

/** Option names that switch verification off, and the literal value that does it. */
const VERIFY_OFF_OPTIONS: Record<string, boolean> = {
  rejectUnauthorized: false,
  strictSSL: false,
  sslValidate: false,
  tlsAllowInvalidCertificates: true,
  tlsAllowInvalidHostnames: true,
  tlsInsecure: true,
};
const ENV_NAME = 'NODE_TLS_REJECT_UNAUTHORIZED';
/** Conditions that restrict a setting to development or tests, or to an explicit opt-out setting (like curl's -k). */
const NON_PRODUCTION_GUARD =
  /NODE_ENV|\bdev(elopment)?\b|\btest(ing)?\b|\blocal(host)?\b|\bdebug\b|isDev|isTest|isLocal|insecure|(ignore|disable)\w*(ssl|tls|cert|verif)|skip\w*(ssl|tls|cert|verif)|allow\w*(self|insecure|invalid|unauthori[sz]ed)|self.?signed|verif(y|ication)/i;
/** Longer conditions are code, not a setting's name: they say too little to lower the finding. */
const MAX_GUARD_TEXT = 80;

/** `false`, `0`, `!1` for false; `true`, `1`, `!0` for true. Anything computed is undefined. */
function booleanLiteral(node: TSESTree.Node): boolean | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Literal') {
    if (typeof inner.value === 'boolean') return inner.value;
    if (inner.value === 0 || inner.value === 1) return inner.value === 1;
    return undefined;
  }
  if (inner.type === 'UnaryExpression' && inner.operator === '!') {
    const operand = booleanLiteral(inner.argument);
    return operand === undefined ? undefined : !operand;
  }
  return undefined;
}

/** '0' or 0: the value that makes Node skip verification for the whole process. */
function isZero(node: TSESTree.Node): boolean {
  const inner = unwrap(node);
  return inner.type === 'Literal' && (inner.value === 0 || inner.value === '0');
}

/** A function that returns nothing on every path: `() => undefined`, `() => {}`, `function () { return null; }`. */
function acceptsEverything(node: TSESTree.Node): boolean {
  const fn = unwrap(node);
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') return false;
  const isNothing = (value: TSESTree.Node | null | undefined) =>
    !value ||
    (value.type === 'Identifier' && value.name === 'undefined') ||
    (value.type === 'Literal' && value.value === null) ||
    (value.type === 'UnaryExpression' && value.operator === 'void');
  if (fn.body.type !== 'BlockStatement') return isNothing(fn.body);
  return fn.body.body.every((statement) => statement.type === 'ReturnStatement' && isNothing(statement.argument)) ||
    fn.body.body.length === 0;
}

/**
 * The part of a condition that limits the setting to development or an opt-out: in a conjunction
 * one such part is enough (`ssl === true && disableTlsVerification === true` holds only when the
 * user opted out), in a disjunction every part must be one.
 */
function guardIn(test: TSESTree.Node, context: RuleContext): string | undefined {
  const inner = unwrap(test);
  if (inner.type === 'LogicalExpression' && inner.operator === '&&') return guardIn(inner.left, context) ?? guardIn(inner.right, context);
  if (inner.type === 'LogicalExpression' && inner.operator === '||' && (!guardIn(inner.left, context) || !guardIn(inner.right, context))) return undefined;
  const text = context.getText(inner);
  return NON_PRODUCTION_GUARD.test(text) && text.length <= MAX_GUARD_TEXT ? text.replace(/\s+/g, ' ') : undefined;
}

/** The condition of an enclosing `if`, `?:` or `&&` that limits the setting to development, if any. */
function nonProductionGuard(node: TSESTree.Node, context: RuleContext): string | undefined {
  let child: TSESTree.Node = node;
  let parent = context.getParent(node);
  for (let depth = 0; parent && depth < 12; depth++) {
    let test: TSESTree.Node | undefined;
    if (parent.type === 'IfStatement' && parent.test !== child) test = parent.test;
    else if (parent.type === 'ConditionalExpression' && parent.test !== child) test = parent.test;
    else if (parent.type === 'LogicalExpression' && parent.operator === '&&' && parent.right === child) test = parent.left;
    const guard = test ? guardIn(test, context) : undefined;
    if (guard) return guard;
    if (parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression' || parent.type === 'ArrowFunctionExpression') break;
    child = parent;
    parent = context.getParent(parent);
  }
  return undefined;
}

export default defineRule({
  id: 'unsafe-api/no-tls-verification-off',
  meta: {
    title: 'TLS certificate verification turned off',
    checklist:
      'Every TLS connection verifies the server certificate and host name: no `rejectUnauthorized: false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, empty `checkServerIdentity` or similar switch; a private or self-signed CA is trusted explicitly with `ca` or `NODE_EXTRA_CA_CERTS`.',
    rationale:
      'Without certificate verification, TLS still encrypts but no longer proves who is at the other end. Anyone on the network path (public Wi-Fi, a compromised router, a rogue container in the same cluster) can present their own certificate, read and change the traffic, and collect the API keys, passwords and tokens it carries.',
    severity: 'error',
    securitySeverity: '7.4',
    confidence: 'high',
    cwe: ['CWE-295'],
    owasp: ['A02:2021-Cryptographic Failures', 'A07:2021-Identification and Authentication Failures'],
    references: [
      'https://cwe.mitre.org/data/definitions/295.html',
      'https://owasp.org/Top10/A02_2021-Cryptographic_Failures/',
      'https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/',
      'https://nodejs.org/api/tls.html#tlsconnectoptions-callback',
      'https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue',
      'https://nodejs.org/api/cli.html#node_extra_ca_certsfile',
    ],
    frameworks: ['https', 'tls', 'axios', 'got', 'node-fetch', 'undici', 'ws', 'pg', 'mysql2', 'nodemailer', 'request', 'mongodb', 'superagent'],
    fix: 'suggestion',
    messages: {
      optionOff: '`{{option}}` turns off certificate verification{{guard}}, so anyone on the network path can pose as the server; remove it and trust a private CA with the `ca` option instead.',
      envOff: '`NODE_TLS_REJECT_UNAUTHORIZED=0` turns off certificate verification for every TLS connection of the process{{guard}}; remove it and trust a private CA with `NODE_EXTRA_CA_CERTS` or the `ca` option instead.',
      identityOff: '`checkServerIdentity` accepts every certificate{{guard}}, so a valid certificate for any other host passes; remove it to keep Node\'s host name check.',
      disabledCerts: '`.disableTLSCerts()` turns off certificate verification{{guard}}; remove it and trust a private CA with `.ca()` instead.',
      removeOption: 'Remove `{{option}}` (certificate errors then fail the request; supply `ca` for a private CA)',
      removeEnvSetting: 'Remove this setting (certificate errors then fail the connection; use NODE_EXTRA_CA_CERTS for a private CA)',
      removeIdentityCheck: 'Remove `checkServerIdentity` (the default check compares the certificate with the host name)',
      removeDisableCall: 'Remove `.disableTLSCerts()` (certificate errors then fail the request; use `.ca()` for a private CA)',
    },
    abuserStory: {
      actor: 'attacker on the network path (shared Wi-Fi, compromised router or a neighbouring container)',
      goal: 'answer the application\'s TLS connections with my own certificate',
      harm: 'I read and change the traffic, including the API keys, passwords and personal data it carries',
      stride: ['S', 'T', 'I'],
      asset: 'credentials and data exchanged with APIs, databases and mail servers',
      controls: [
        'Every TLS client verifies the certificate chain and the host name',
        'Private and self-signed CAs are trusted explicitly through `ca` or NODE_EXTRA_CA_CERTS, never by turning verification off',
        'An automated test connects through a proxy presenting a self-signed certificate and the connection is refused',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.1.0',
    reportsTaint: false,
  },
  create(context) {
    const guardOf = (node: TSESTree.Node) => {
      const guard = nonProductionGuard(node, context);
      return { guard, text: guard ? ` when \`${guard}\` holds` : '' };
    };
    const report = (node: TSESTree.Node, messageId: Parameters<typeof context.report>[0]['messageId'], data: Record<string, string>, fix: FixProposal | undefined) => {
      const { guard, text } = guardOf(node);
      context.report({
        node,
        messageId,
        data: { ...data, guard: text },
        // Limited to development or to an opt-out setting by a visible condition: worth checking, not certain.
        severity: guard ? 'warning' : 'error',
        confidence: guard ? 'medium' : 'high',
        fixes: fix ? [fix] : [],
      });
    };
    const removeProperty = (property: TSESTree.Property, messageId: string, data?: Record<string, string>): FixProposal | undefined => {
      const object = context.getParent(property);
      if (!object || object.type !== 'ObjectExpression') return undefined;
      return { messageId, data, kind: 'suggestion', edits: [removePropertyEdit(object, property)] };
    };
    const removeStatement = (expression: TSESTree.Node, messageId: string, data?: Record<string, string>): FixProposal | undefined => {
      const statement = context.getParent(expression);
      if (!statement || statement.type !== 'ExpressionStatement') return undefined;
      const edit: TextEdit | undefined = removeStatementEdit(statement, context.getParent(statement), context.sourceText);
      return edit ? { messageId, data, kind: 'suggestion', edits: [edit] } : undefined;
    };

    return {
      Property(node) {
        const property = node as TSESTree.Property;
        const key = keyNameOf(property);
        if (!key) return;
        if (key in VERIFY_OFF_OPTIONS) {
          if (booleanLiteral(property.value) !== VERIFY_OFF_OPTIONS[key]) return;
          const option = `${key}: ${context.getText(property.value)}`;
          report(property, 'optionOff', { option }, removeProperty(property, 'removeOption', { option }));
        } else if (key === ENV_NAME && isZero(property.value)) {
          report(property, 'envOff', {}, removeProperty(property, 'removeEnvSetting'));
        } else if (key === 'checkServerIdentity' && acceptsEverything(property.value)) {
          report(property, 'identityOff', {}, removeProperty(property, 'removeIdentityCheck'));
        }
      },
      AssignmentExpression(assignment) {
        if (assignment.operator !== '=' || assignment.left.type !== 'MemberExpression') return;
        const name = propertyName(assignment.left);
        if (!name) return;
        // process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'
        if (name === ENV_NAME && isZero(assignment.right) && /(^|\.)env$/.test(dottedName(assignment.left.object) ?? '')) {
          report(assignment, 'envOff', {}, removeStatement(assignment, 'removeEnvSetting'));
          return;
        }
        // https.globalAgent.options.rejectUnauthorized = false
        if (name in VERIFY_OFF_OPTIONS && booleanLiteral(assignment.right) === VERIFY_OFF_OPTIONS[name]) {
          const option = `${name} = ${context.getText(assignment.right)}`;
          report(assignment, 'optionOff', { option }, removeStatement(assignment, 'removeOption', { option }));
        }
      },
      CallExpression(call) {
        const callee = call.callee;
        if (callee.type !== 'MemberExpression' || propertyName(callee) !== 'disableTLSCerts' || call.arguments.length > 0) return;
        // Drop `.disableTLSCerts()` from the chain: everything between the receiver and the call's end.
        const fix: FixProposal = { messageId: 'removeDisableCall', kind: 'suggestion', edits: [{ start: callee.object.range[1], end: call.range[1], text: '' }] };
        report(callee.property, 'disabledCerts', {}, fix);
      },
    };
  },
});
