// Flags template source text taken from the request and compiled or rendered by a template engine
// (Handlebars, Pug, EJS, Nunjucks, lodash/underscore, doT, Mustache), and view names from the
// request in `res.render`. Input belongs in a template's data, never in its source.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, propertyName, type RuleContext, unwrap } from '../../server/src/engine/api';
import { isResponseObject } from '../util/httpResponses';
import { reportTainted } from '../util/taintReports';
import { ENGINE_MENTION, engineRefOf, type TemplateEngine } from '../util/templateEngines';

/** Per engine, the exports whose first argument is template source. */
const SOURCE_FUNCTIONS: Record<TemplateEngine, ReadonlySet<string>> = {
  handlebars: new Set(['compile', 'precompile']),
  pug: new Set(['compile', 'render', 'compileClient', 'compileClientWithDependenciesTracked']),
  ejs: new Set(['compile', 'render']),
  nunjucks: new Set(['renderString', 'compile']),
  lodash: new Set(['template']),
  dot: new Set(['template', 'compile']),
  mustache: new Set(['render', 'parse']),
};
const SOURCE_FUNCTION_NAMES: ReadonlySet<string> = new Set(Object.values(SOURCE_FUNCTIONS).flatMap((names) => [...names]));
const ENGINE_NAMES: Record<TemplateEngine, string> = { handlebars: 'Handlebars', pug: 'pug', ejs: 'ejs', nunjucks: 'nunjucks', lodash: '_', dot: 'doT', mustache: 'Mustache' };

interface TemplateSink {
  source: TSESTree.Node;
  name: string;
  view: boolean;
}

function sinkOf(call: TSESTree.CallExpression, context: RuleContext): TemplateSink | undefined {
  const first = call.arguments[0];
  if (!first || first.type === 'SpreadElement') return undefined;
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && propertyName(callee) === 'render' && isResponseObject(callee.object, context)) {
    return { source: first, name: `${context.getText(callee.object)}.render`, view: true };
  }
  // A member callee is named by its property (`default` passes its object's name on), so one that
  // names no source function cannot be one, and the scopes need not be asked who its object is.
  if (callee.type === 'MemberExpression') {
    const name = propertyName(callee);
    if (name === undefined || (name !== 'default' && !SOURCE_FUNCTION_NAMES.has(name))) return undefined;
  }
  const ref = engineRefOf(call.callee, context);
  if (!ref || !SOURCE_FUNCTIONS[ref.engine].has(ref.name)) return undefined;
  return { source: first, name: `${ENGINE_NAMES[ref.engine]}.${ref.name}`, view: false };
}

export default defineRule({
  id: 'unsafe-api/no-template-injection',
  meta: {
    title: 'Template source or view name taken from the request',
    checklist:
      'Templates are constants of the application (files or literals); request input is passed only as template data, and a view chosen by the request is looked up in an allowlist.',
    rationale:
      'A template engine compiles its source into JavaScript. When that source comes from a request, the sender writes template code: with Pug, EJS, doT and lodash templates that is arbitrary code on the server, with Handlebars and Nunjucks it reaches the prototype chain and has led to remote code execution, and with any engine it is cross-site scripting. A view name from the request renders any template the server has, or a file elsewhere on disk.',
    severity: 'error',
    securitySeverity: '9.0',
    confidence: 'high',
    cwe: ['CWE-1336', 'CWE-94', 'CWE-73'],
    owasp: ['A03:2021-Injection'],
    references: [
      'https://cwe.mitre.org/data/definitions/1336.html',
      'https://cwe.mitre.org/data/definitions/94.html',
      'https://cwe.mitre.org/data/definitions/73.html',
      'https://owasp.org/Top10/A03_2021-Injection/',
      'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/18-Testing_for_Server-side_Template_Injection',
      'https://cheatsheetseries.owasp.org/cheatsheets/Nodejs_Security_Cheat_Sheet.html',
    ],
    frameworks: ['handlebars', 'pug', 'ejs', 'nunjucks', 'lodash', 'underscore', 'dot', 'mustache', 'express'],
    messages: {
      taintedTemplate: 'Template source passed to `{{sink}}` is built from request input ({{source}}); keep the template a constant and pass the input as data.',
      inputAsTemplate: '`{{sink}}` compiles request input ({{source}}) as a template; keep the template a constant and pass the input as data.',
      taintedView: 'The view rendered by `{{sink}}` is chosen by request input ({{source}}); look the view name up in an allowlist of templates.',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'send `{{constructor.constructor("return process")()}}`-style template code in a field that the server compiles as a template',
      harm: 'my template code runs on the server and reads its secrets or runs commands, or renders script into other users\' pages',
      stride: ['T', 'I', 'E'],
      asset: 'the server process and the pages it renders',
      controls: [
        'Every template compiled or rendered comes from the application\'s own files or literals; request values are passed only as data',
        'A view chosen by the request is looked up in an allowlist of view names',
        'An automated test sends `{{7*7}}`, `<%= 7*7 %>` and `#{7*7}` in every field and never sees 49 in a response',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.2.0',
  },
  create(context) {
    if (!ENGINE_MENTION.test(context.sourceText) && !context.sourceText.includes('.render(')) return {};
    return {
      CallExpression(node) {
        const sink = sinkOf(node, context);
        if (!sink) return;
        const value = context.flow.valueOf(sink.source);
        if (value.origin !== 'tainted') return;
        const messageIds = sink.view ? { built: 'taintedView', whole: 'taintedView' } : { built: 'taintedTemplate', whole: 'inputAsTemplate' };
        reportTainted(context, { node: sink.source, value, messageIds, data: { sink: sink.name }, fixes: [], hazard: sink.view ? 'traversal' : 'injection' });
      },
    };
  },
});
