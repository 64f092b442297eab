// Flags libxml2-based XML parsing (libxmljs, libxmljs2) told to substitute entities or load DTDs
// while parsing text that is not a constant: that is what lets a document read local files or
// reach internal hosts through an external entity. Offers to delete the option.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, keyNameOf, type FixProposal, type RuleContext, unwrap } from '../../server/src/engine/api';
import { withoutCommandLineTaint } from '../util/commandLineInput';
import { isGuarded } from '../util/guardPolicy';
import { moduleRefOf } from '../util/moduleRefs';
import { optionsLiteralOf } from '../util/objectLiterals';
import { removePropertyEdit } from '../util/removalEdits';
import { reportTainted } from '../util/taintReports';

/** The libxml2 bindings whose parse options reach libxml2's XML_PARSE_NOENT and DTD loading. */
const LIBXML_MODULES = new Set(['libxmljs', 'libxmljs2']);
/** Their functions that parse a document from a string or buffer, with options as the second argument. */
const PARSE_FUNCTIONS = new Set(['parseXml', 'parseXmlString', 'Document.fromXml']);
/**
 * Options that make libxml2 expand entities or fetch DTDs: `noent` substitutes entities (external
 * ones included), `dtdload` loads the external subset, `dtdvalid` and `dtdattr` load it too.
 */
const DANGEROUS_OPTIONS: Record<string, string> = {
  noent: 'substitutes entities, external ones included',
  dtdload: 'loads the external DTD named by the document',
  dtdvalid: 'loads the external DTD to validate against it',
  dtdattr: 'loads the external DTD for its default attributes',
};

/** `libxmljs.parseXml`, a destructured `parseXml`, `require('libxmljs2').parseXmlString`. */
function isLibxmlParse(call: TSESTree.CallExpression, context: RuleContext): boolean {
  const ref = moduleRefOf(call.callee, context);
  return !!ref && LIBXML_MODULES.has(ref.module) && PARSE_FUNCTIONS.has(ref.path.join('.'));
}

/** A literal that switches an option on: `true`, `1`, a non-empty string. */
function isSwitchedOn(value: TSESTree.Node): boolean {
  const inner = unwrap(value);
  return inner.type === 'Literal' && !!inner.value;
}

function dangerousProperties(object: TSESTree.ObjectExpression): TSESTree.Property[] {
  const found: TSESTree.Property[] = [];
  for (const property of object.properties) {
    if (property.type === 'Property' && Object.hasOwn(DANGEROUS_OPTIONS, keyNameOf(property) ?? '') && isSwitchedOn(property.value)) found.push(property);
  }
  return found;
}

export default defineRule({
  id: 'unsafe-api/no-xml-external-entities',
  meta: {
    title: 'XML parsed with entity substitution or DTD loading',
    checklist:
      'XML from outside the program is parsed with entity substitution and DTD loading off (libxmljs `noent`, `dtdload` and `dtdvalid` left unset, which is the default), so a document cannot pull in local files or URLs.',
    rationale:
      'An XML document can declare an external entity that points at a file or URL; a parser that substitutes entities replaces the reference with that file\'s contents or makes the request. An attacker who sends such a document reads `/etc/passwd` or the application\'s secrets through the parsed result, or makes the server call internal hosts.',
    severity: 'error',
    securitySeverity: '8.2',
    confidence: 'high',
    cwe: ['CWE-611'],
    owasp: ['A05:2021-Security Misconfiguration'],
    references: [
      'https://cwe.mitre.org/data/definitions/611.html',
      'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html',
      'https://owasp.org/Top10/A05_2021-Security_Misconfiguration/',
      'https://github.com/libxmljs/libxmljs/wiki#parsing-options',
    ],
    frameworks: ['libxmljs', 'libxmljs2'],
    fix: 'suggestion',
    messages: {
      taintedXml: '`{{call}}` parses XML built from request input ({{source}}) with `{{option}}`, which {{effect}}; leave the option out (off by default).',
      inputXml: '`{{call}}` parses request input ({{source}}) with `{{option}}`, which {{effect}}; leave the option out (off by default).',
      unknownXml: '`{{call}}` parses XML that is not a constant with `{{option}}`, which {{effect}}; leave the option out (off by default) unless the document is the application\'s own.',
      removeOption: 'Remove `{{option}}` (libxml2 then leaves entities and DTDs alone)',
    },
    abuserStory: {
      actor: 'anonymous internet user',
      goal: 'read {asset} by uploading an XML document whose external entity points at a local file or an internal URL',
      harm: 'the parser copies {asset} into the parsed document and sends it back to me, or calls internal hosts for me',
      stride: ['I', 'T'],
      asset: 'files on the server and internal network services',
      controls: [
        'XML from outside is parsed with entity substitution and DTD loading disabled',
        'An automated test uploads a document with an external entity pointing at a local file and its contents never appear in the response',
      ],
      likelihood: 2,
      impact: 3,
    },
    since: '0.2.0',
    // Only files that name the binding can call it (libxmljs2 included).
    requiresText: ['libxmljs'],
  },
  create(context) {
    return {
      CallExpression(call) {
        if (call.arguments.length < 2 || call.arguments.some((a) => a.type === 'SpreadElement')) return;
        if (!isLibxmlParse(call, context)) return;
        const options = optionsLiteralOf(call.arguments[1], context);
        if (!options) return;
        const flagged = dangerousProperties(options.object);
        if (flagged.length === 0) return;
        const xml = call.arguments[0];
        const value = withoutCommandLineTaint(context.flow.valueOf(xml), context);
        if (value.origin === 'constant' || isGuarded(value, 'injection')) return;
        const name = context.getText(call.callee);
        // A shared options object is reported at each call that uses it, where the input arrives.
        const at = (property: TSESTree.Property) => (options.inline ? property : call.arguments[1]);
        for (const property of flagged) {
          const option = keyNameOf(property) ?? 'noent';
          const data = { call: name, option, effect: DANGEROUS_OPTIONS[option] };
          const fixes: FixProposal[] = options.inline
            ? [{ messageId: 'removeOption', data: { option }, kind: 'suggestion', edits: [removePropertyEdit(options.object, property)] }]
            : [];
          if (value.origin === 'tainted') {
            reportTainted(context, { node: at(property), value, messageIds: { built: 'taintedXml', whole: 'inputXml' }, data, fixes, hazard: 'injection' });
            continue;
          }
          context.report({ node: at(property), messageId: 'unknownXml', data, severity: 'warning', confidence: 'medium', fixes });
        }
      },
    };
  },
});
