// Which call is a template engine's API (Handlebars, Pug, EJS, Nunjucks, lodash/underscore
// `template`, doT, Mustache), found through the file's imports or the page globals the engines
// install, so that `rules.compile` or a logger's `render` never match.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { type RuleContext, unwrap } from '../../server/src/engine/api';
import { moduleRefOf } from './moduleRefs';

export type TemplateEngine = 'handlebars' | 'pug' | 'ejs' | 'nunjucks' | 'lodash' | 'dot' | 'mustache';

/** Package names (and the globals browsers get from a script tag) of each engine. */
const ENGINE_MODULES: Record<string, TemplateEngine> = {
  handlebars: 'handlebars', hbs: 'handlebars', 'express-handlebars': 'handlebars',
  pug: 'pug', jade: 'pug',
  ejs: 'ejs',
  nunjucks: 'nunjucks',
  lodash: 'lodash', 'lodash.template': 'lodash', 'lodash-es': 'lodash', underscore: 'lodash',
  dot: 'dot',
  mustache: 'mustache',
};
const ENGINE_GLOBALS: Record<string, TemplateEngine> = { Handlebars: 'handlebars', pug: 'pug', ejs: 'ejs', nunjucks: 'nunjucks', _: 'lodash', doT: 'dot', Mustache: 'mustache' };

/** Mentions a file must contain before any engine call can be in it. */
export const ENGINE_MENTION = /handlebars|hbs|pug|jade|ejs|nunjucks|lodash|underscore|\b_\.template|doT|\bdot\b|mustache/i;

export interface EngineRef {
  engine: TemplateEngine;
  /** The export called: 'compile', 'render', 'renderString', 'template', 'SafeString', ... */
  name: string;
}

/** The engine export `callee` stands for: `Handlebars.compile`, `ejs.render`, `template` from lodash. */
export function engineRefOf(callee: TSESTree.Node, context: RuleContext): EngineRef | undefined {
  const ref = moduleRefOf(callee, context);
  if (ref) {
    const engine = ENGINE_MODULES[ref.module];
    if (!engine) return undefined;
    // require('lodash.template') is the function itself.
    if (ref.path.length === 0) return ref.module === 'lodash.template' ? { engine, name: 'template' } : undefined;
    return { engine, name: ref.path[ref.path.length - 1] };
  }
  const node = unwrap(callee);
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const owner = unwrap(node.object);
    if (owner.type === 'Identifier' && owner.name in ENGINE_GLOBALS) {
      const variable = context.flow.variableOf(owner);
      if (!variable || variable.defs.length === 0) return { engine: ENGINE_GLOBALS[owner.name], name: node.property.name };
    }
    // const env = new nunjucks.Environment(loader); env.renderString(...)
    if (owner.type === 'Identifier' && isNunjucksEnvironment(owner, context)) return { engine: 'nunjucks', name: node.property.name };
  }
  return undefined;
}

/** A variable assigned once with `new nunjucks.Environment(...)`. */
export function isNunjucksEnvironment(node: TSESTree.Identifier, context: RuleContext): boolean {
  const writes = context.flow.assignmentsOf(node);
  if (writes.length !== 1) return false;
  const init = unwrap(writes[0]);
  if (init.type !== 'NewExpression') return false;
  const ref = engineRefOf(init.callee, context);
  return !!ref && ref.engine === 'nunjucks' && ref.name === 'Environment';
}
