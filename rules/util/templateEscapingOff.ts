// Template engines escape what `{{x}}`, `<%= x %>` or `#{x}` print unless the code tells them not
// to: Handlebars `noEscape: true`, Nunjucks `autoescape: false`, an escape function replaced by one
// that returns its argument (Mustache.escape, EJS's `escape` option, Handlebars' escapeExpression).
// Each switches cross-site scripting protection off for every template at once, so the setting is
// the finding, wherever the values come from.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isFunctionNode, keyNameOf, type FixProposal, type RuleContext, unwrap } from '../../server/src/engine/api';
import { engineRefOf, type TemplateEngine } from './templateEngines';

export interface EscapingOff {
  /** The node that turns escaping off (the property or the assigned function). */
  node: TSESTree.Node;
  /** How the setting is named in messages. */
  setting: string;
  /** A rewrite that turns escaping back on, when flipping a flag does it. */
  fix?: FixProposal;
}

/** Option and export names of escape functions the engines call on every printed value. */
const ESCAPE_FUNCTION_NAMES = new Set(['escape', 'escapeFunction', 'escapeExpression']);
/** Modules whose options objects these keys belong to. */
const ENGINE_MODULES: Record<string, TemplateEngine> = {
  handlebars: 'handlebars', hbs: 'handlebars', 'express-handlebars': 'handlebars',
  nunjucks: 'nunjucks', ejs: 'ejs', mustache: 'mustache',
};
/** Page globals the same engines install from a script tag. */
const ENGINE_GLOBALS = /\b(Handlebars|nunjucks|ejs|Mustache)\./g;

/**
 * Modules that answer HTTP requests, or hand a web framework its views: a file that imports one
 * renders pages for visitors, whose values a template prints.
 */
const WEB_SERVER_MODULES = new Set([
  'express', 'express-handlebars', 'koa', 'koa-router', '@koa/router', 'koa-views', 'fastify', '@fastify/view', 'point-of-view',
  '@hapi/hapi', 'hapi', '@hapi/vision', 'restify', 'hono', 'polka', 'next', '@nestjs/common', '@nestjs/core', 'http', 'https', 'http2',
]);

/**
 * The file serves web pages: it imports a web framework or server, or hands the engine an
 * Express app (Nunjucks' `express: app`). Without this, the engine may render a static site from
 * its author's own content, or text that is not HTML (mail, YAML, code), which must not be escaped.
 */
export function servesWebPages(context: RuleContext, options?: TSESTree.ObjectExpression): boolean {
  if ([...context.imports.modules].some((m) => WEB_SERVER_MODULES.has(m.replace(/^node:/, '')))) return true;
  return options?.properties.some((p) => p.type === 'Property' && keyNameOf(p) === 'express') ?? false;
}

/** The engines the file imports, requires or uses as page globals. */
export function enginesInFile(context: RuleContext): Set<TemplateEngine> {
  const engines = new Set<TemplateEngine>();
  for (const module of context.imports.modules) {
    const engine = ENGINE_MODULES[module.split('/')[0]];
    if (engine) engines.add(engine);
  }
  for (const match of context.sourceText.matchAll(ENGINE_GLOBALS)) {
    const engine = ENGINE_MODULES[match[1].toLowerCase()];
    if (engine) engines.add(engine);
  }
  return engines;
}

/** `(s) => s`, `function (text) { return text; }`, `(s) => String(s)`, `(s) => '' + s`. */
export function isIdentityFunction(node: TSESTree.Node): boolean {
  const fn = unwrap(node);
  if (!isFunctionNode(fn) || fn.params.length === 0 || fn.params[0].type !== 'Identifier') return false;
  const param = fn.params[0].name;
  let returned: TSESTree.Node | undefined;
  if (fn.body.type !== 'BlockStatement') returned = fn.body;
  else if (fn.body.body.length === 1 && fn.body.body[0].type === 'ReturnStatement') returned = fn.body.body[0].argument ?? undefined;
  if (!returned) return false;
  const value = unwrap(returned);
  const isParam = (n: TSESTree.Node) => unwrap(n).type === 'Identifier' && (unwrap(n) as TSESTree.Identifier).name === param;
  if (isParam(value)) return true;
  if (value.type === 'CallExpression' && value.callee.type === 'Identifier' && value.callee.name === 'String') return value.arguments.length === 1 && isParam(value.arguments[0]);
  if (value.type === 'BinaryExpression' && value.operator === '+') {
    const empty = (n: TSESTree.Node) => n.type === 'Literal' && n.value === '';
    return (empty(value.left) && isParam(value.right)) || (isParam(value.left) && empty(value.right));
  }
  if (value.type === 'TemplateLiteral') return value.expressions.length === 1 && isParam(value.expressions[0]) && value.quasis.every((q) => q.value.cooked === '');
  return false;
}

function flip(literal: TSESTree.Node, text: string, messageId: string): FixProposal {
  return { messageId, kind: 'suggestion', edits: [{ start: literal.range[0], end: literal.range[1], text }] };
}

/** `noEscape: true`, `autoescape: false`, `escape: (s) => s` in an options object of an engine the file uses. */
export function escapingOffInProperty(property: TSESTree.Property, fileEngines: () => ReadonlySet<TemplateEngine>): EscapingOff | undefined {
  const key = keyNameOf(property);
  if (key !== 'noEscape' && key !== 'autoescape' && !(key && ESCAPE_FUNCTION_NAMES.has(key))) return undefined;
  const engines = fileEngines();
  const value = unwrap(property.value);
  if (key === 'noEscape' && engines.has('handlebars') && value.type === 'Literal' && value.value === true) {
    return { node: property, setting: 'Handlebars `noEscape: true`', fix: flip(value, 'false', 'keepEscaping') };
  }
  if (key === 'autoescape' && engines.has('nunjucks') && value.type === 'Literal' && value.value === false) {
    return { node: property, setting: 'Nunjucks `autoescape: false`', fix: flip(value, 'true', 'keepEscaping') };
  }
  if (key && ESCAPE_FUNCTION_NAMES.has(key) && engines.size > 0 && isIdentityFunction(value)) {
    return { node: property, setting: `an \`${key}\` option that returns its input unchanged` };
  }
  return undefined;
}

/** `Mustache.escape = (s) => s`, `Handlebars.Utils.escapeExpression = (s) => s`. */
export function escapingOffInAssignment(node: TSESTree.AssignmentExpression, context: RuleContext): EscapingOff | undefined {
  if (node.operator !== '=' || !isIdentityFunction(node.right)) return undefined;
  const target = unwrap(node.left);
  if (target.type !== 'MemberExpression') return undefined;
  const ref = engineRefOf(target, context);
  if (!ref || !ESCAPE_FUNCTION_NAMES.has(ref.name)) return undefined;
  return { node: node.right, setting: `\`${context.getText(target)}\` replaced by a function that returns its input` };
}
