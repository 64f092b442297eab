// Splitting a query written as a template literal or a `+` concatenation into its constant text
// and its expressions, and rebuilding it with a driver's placeholders and a list of bound values.
// Shared by the SQL rules' detectors (what text does the query hold?) and their quick fixes.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, type RuleContext, type Variable } from '../../server/src/engine/api';
import { doubleQuotesAreStrings, type SqlDialect } from './sqlLexer';

export type QueryPart = { kind: 'text'; text: string } | { kind: 'expression'; node: TSESTree.Expression };

export interface StringParts {
  /** The template literal or concatenation that was split. */
  node: TSESTree.Expression;
  form: 'template' | 'concatenation';
  /** Constant text (cooked, i.e. escapes resolved) and expressions, in order; adjacent texts merged. */
  parts: QueryPart[];
  /** The quote of the original: a backtick for templates, the first literal's quote for concatenations. */
  quote: "'" | '"' | '`';
}

/**
 * Splits a template literal or a string concatenation (`'a' + b + 'c'`, templates nested in it
 * included) into text and expression parts. Undefined for anything else, including `a + b` with no
 * string in sight; in `a + b + 'x'` the numeric-looking `a + b` stays one expression part, since
 * JavaScript adds it before any text joins. The context parameter is accepted for symmetry with
 * the other helpers; splitting needs only the syntax.
 */
export function splitStringParts(node: TSESTree.Node, _context?: RuleContext): StringParts | undefined {
  const target = unwrapTs(node);
  if (target.type === 'TemplateLiteral') {
    const parts = templateParts(target);
    return parts ? { node: target, form: 'template', parts: merge(parts), quote: '`' } : undefined;
  }
  const operands = flattenConcatenation(target);
  if (!operands) return undefined;
  const parts: QueryPart[] = [];
  for (const operand of operands) {
    if (operand.type === 'Literal' && typeof operand.value === 'string') parts.push({ kind: 'text', text: operand.value });
    else if (operand.type === 'Literal' && typeof operand.value === 'number') parts.push({ kind: 'text', text: String(operand.value) });
    else if (operand.type === 'TemplateLiteral') {
      const inner = templateParts(operand);
      if (!inner) return undefined;
      parts.push(...inner);
    } else parts.push({ kind: 'expression', node: operand });
  }
  const firstString = operands.find((o): o is TSESTree.StringLiteral => o.type === 'Literal' && typeof o.value === 'string');
  const quote = firstString?.raw.startsWith('"') ? '"' : "'";
  return { node: target as TSESTree.Expression, form: 'concatenation', parts: merge(parts), quote };
}

function unwrapTs(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.type === 'TSAsExpression' || current.type === 'TSNonNullExpression' || current.type === 'TSSatisfiesExpression') current = current.expression;
  return current;
}

function templateParts(template: TSESTree.TemplateLiteral): QueryPart[] | undefined {
  const parts: QueryPart[] = [];
  for (let i = 0; i < template.quasis.length; i++) {
    const cooked = template.quasis[i].value.cooked;
    if (cooked === null || cooked === undefined) return undefined;
    parts.push({ kind: 'text', text: cooked });
    if (i < template.expressions.length) parts.push({ kind: 'expression', node: template.expressions[i] });
  }
  return parts;
}

function merge(parts: QueryPart[]): QueryPart[] {
  const out: QueryPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') last.text += part.text;
    else if (part.kind === 'text' && part.text === '') continue;
    else out.push(part.kind === 'text' ? { ...part } : part);
  }
  return out;
}

function isStringy(node: TSESTree.Node | undefined): boolean {
  return !!node && ((node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateLiteral');
}

/** The operands of a string concatenation, left to right; undefined when it is not one. */
function flattenConcatenation(node: TSESTree.Node): TSESTree.Expression[] | undefined {
  if (node.type !== 'BinaryExpression' || node.operator !== '+') return undefined;
  const left = flattenConcatenation(node.left) ?? [node.left];
  const right = flattenConcatenation(node.right) ?? [node.right];
  const operands = [...left, ...right];
  // `a + b + 'x'` adds a and b first: only a chain whose first `+` joins a string is text all along.
  if (!isStringy(operands[0]) && !isStringy(operands[1])) return undefined;
  return operands;
}

const UNKNOWN_TEXT = ' x ';
const MAX_TEXT_DEPTH = 6;
/**
 * Nodes one question may visit. "Does this look like SQL?" is answered long before it; a variable
 * written thousands of times would otherwise be spelt out in full at every sink that asks.
 */
const MAX_TEXT_NODES = 2_000;

/**
 * The constant text a value is made of, following variables to everything assigned to them
 * (`let sql = 'SELECT ...'; sql += ' WHERE id = ' + id`). Unknown pieces become ` x `. Used to
 * ask "does this look like SQL?", never to rebuild code.
 */
export function constantTextOf(node: TSESTree.Node, context: RuleContext, alreadySpelt?: Variable): string {
  const inner = unwrapTs(node);
  if (inner.type === 'Identifier' && !alreadySpelt) {
    // Asked once per sink and per string built into the variable: the answer is the variable's.
    const variable = context.flow.variableOf(inner);
    if (!variable) return textOf(node, context, 0, new Set());
    let text = textByVariable.get(variable);
    if (text === undefined) {
      text = textOf(node, context, 0, new Set());
      textByVariable.set(variable, text);
    }
    return text;
  }
  return textOf(node, context, 0, new Set(alreadySpelt ? [alreadySpelt] : []));
}

/** Variables belong to one analysis of one text, so this never mixes files or versions. */
const textByVariable = new WeakMap<Variable, string>();

/** `seen` holds the nodes and variables already spelt out in this question: each is spelt once. */
function textOf(raw: TSESTree.Node, context: RuleContext, depth: number, seen: Set<object>): string {
  if (depth > MAX_TEXT_DEPTH || seen.has(raw) || seen.size >= MAX_TEXT_NODES) return UNKNOWN_TEXT;
  seen.add(raw);
  const node = unwrapTs(raw);
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ? node.value : UNKNOWN_TEXT;
    case 'TemplateLiteral':
      return node.quasis.map((q) => q.value.cooked ?? '').join(UNKNOWN_TEXT);
    case 'BinaryExpression':
      return node.operator === '+' ? textOf(node.left, context, depth + 1, seen) + textOf(node.right, context, depth + 1, seen) : UNKNOWN_TEXT;
    case 'ConditionalExpression':
      return `${textOf(node.consequent, context, depth + 1, seen)} ${textOf(node.alternate, context, depth + 1, seen)}`;
    case 'LogicalExpression':
      return `${textOf(node.left, context, depth + 1, seen)} ${textOf(node.right, context, depth + 1, seen)}`;
    case 'ArrayExpression':
      return node.elements.map((e) => (e && e.type !== 'SpreadElement' ? textOf(e, context, depth + 1, seen) : UNKNOWN_TEXT)).join(' ');
    case 'Identifier': {
      // `q = q + x` reads q inside its own writes: a variable already being spelt out (or spelt
      // out before in this question) adds no text, and spelling it again would be quadratic.
      const variable = context.flow.variableOf(node);
      if (variable) {
        if (seen.has(variable)) return UNKNOWN_TEXT;
        seen.add(variable);
      }
      const written = context.flow.assignmentsOf(node);
      if (written.length === 0) return UNKNOWN_TEXT;
      return written.map((w) => textOf(w, context, depth + 1, seen)).join(' ');
    }
    case 'CallExpression': {
      // util.format('SELECT %s', x), parts.join(' '), sql.replace('?', x), 'a'.concat(b)
      const callee = node.callee.type === 'MemberExpression' ? node.callee : undefined;
      const pieces = node.arguments.map((a) => (a.type === 'SpreadElement' ? UNKNOWN_TEXT : textOf(a, context, depth + 1, seen)));
      if (callee) pieces.unshift(textOf(callee.object, context, depth + 1, seen));
      return pieces.join(' ');
    }
    default:
      return UNKNOWN_TEXT;
  }
}

/**
 * What an interpolated value stands for in the SQL around it:
 * - value: a literal value (`id = ${id}`, `LIMIT ${n}`, `VALUES (${a}`): can be a bound parameter;
 * - identifier: a table or column name (`FROM ${t}`, `ORDER BY ${col}`, `WHERE ${col} =`);
 * - keyword: a keyword such as a sort direction (`ORDER BY name ${dir}`);
 * - list: the inside of `IN (...)`, which a single placeholder does not replace;
 * - fragment: part of a name (`users.${col}`) or a whole clause (`WHERE ${cond}`).
 */
export type SlotKind = 'value' | 'identifier' | 'keyword' | 'list' | 'fragment';

const CLAUSES =
  /\b(select|from|join|into|update|table|where|on|having|set|values|order\s+by|group\s+by|partition\s+by|limit|offset|top|fetch|returning|case|when|then|else)\b/gi;
const COMPARISON_AFTER = /^\s*(?:=|<>|!=|<=|>=|<|>|(?:not\s+)?like\b|(?:not\s+)?ilike\b|(?:not\s+)?in\b|is\b|(?:not\s+)?between\b)/i;
const OPERATOR_BEFORE = /(?:=|<>|!=|<=|>=|<|>|\blike|\bilike|\bbetween|\bis(?:\s+not)?|\+|-|\*|\/|\|\||\bthen|\belse|\bwhen)\s*$/i;

/** Classifies the slot between `before` (SQL text so far) and `after` (the SQL text that follows). */
export function slotKind(before: string, after: string): SlotKind {
  if (/[\w.$]$/.test(before) || /^[\w.]/.test(after)) return 'fragment';
  if (/\bin\s*\(\s*$/i.test(before)) return 'list';
  const clauses = [...before.matchAll(CLAUSES)];
  const last = clauses[clauses.length - 1];
  if (!last) return 'fragment';
  const clause = last[1].toLowerCase().replace(/\s+/g, ' ');
  const sinceClause = before.slice((last.index ?? 0) + last[0].length);
  switch (clause) {
    case 'limit':
    case 'offset':
    case 'top':
    case 'fetch':
    case 'values':
    case 'case':
    case 'when':
    case 'then':
    case 'else':
      return 'value';
    case 'from':
    case 'join':
    case 'update':
    case 'table':
      return sinceClause.trim() === '' || /,\s*$/.test(sinceClause) ? 'identifier' : 'fragment';
    case 'into':
      // INSERT INTO ${t} / INSERT INTO t (${cols})
      return sinceClause.trim() === '' || /\(\s*(?:[^)]*,\s*)?$/.test(sinceClause) ? 'identifier' : 'fragment';
    case 'select':
    case 'returning':
      if (OPERATOR_BEFORE.test(before)) return 'value';
      return sinceClause.trim() === '' || /,\s*$/.test(sinceClause) ? 'identifier' : 'fragment';
    case 'order by':
    case 'group by':
    case 'partition by':
      if (sinceClause.trim() === '' || /,\s*$/.test(sinceClause)) return 'identifier';
      return /[\w"`\])?]\s+$/.test(sinceClause) ? 'keyword' : 'fragment';
    case 'set':
      if (/=\s*$/.test(before)) return 'value';
      return COMPARISON_AFTER.test(after) && /(?:^|,)\s*$/.test(sinceClause) ? 'identifier' : 'fragment';
    default:
      // where / on / having: an operand of a comparison.
      if (OPERATOR_BEFORE.test(before) || /\bbetween\b[^,]*\band\s*$/i.test(sinceClause)) return 'value';
      if (/(?:\(|,)\s*$/.test(before) && /\w+\s*\([^()]*$/.test(sinceClause)) return 'value';
      if (COMPARISON_AFTER.test(after) && /(?:\b(?:where|on|having|and|or|not)|\()\s*$/i.test(before)) return 'identifier';
      return 'fragment';
  }
}

const TYPED_LITERAL_BEFORE = /(?:\b(?:interval|date|time|timestamp|timestamptz|json|jsonb|uuid|inet|cidr)\s*|[\w&])$/i;

export type PlaceholderStyle =
  /** `$1`, `$2` (pg, pg-promise, TypeORM on Postgres) */
  | 'dollar'
  /** `?` (mysql, mysql2, sqlite3, better-sqlite3, TypeORM on MySQL/SQLite) */
  | 'question'
  /** `?` for values and `??` for identifiers (knex) */
  | 'knex'
  /** `:name` (sequelize replacements, TypeORM query builders, oracledb binds) */
  | 'colon'
  /** `@name` (mssql request inputs) */
  | 'at'
  /** `${value}` inside a tagged template (Prisma `$queryRaw`) */
  | 'tagged';

export interface BoundValue {
  /** Parameter name for named styles (unique within the query), also set for positional ones. */
  name: string;
  /** JavaScript source of the value: the expression, or a template literal rebuilding a quoted SQL literal. */
  source: string;
  /** True for knex `??` identifier bindings. */
  identifier?: boolean;
}

export interface ParameterisedQuery {
  /** JavaScript source of the rewritten SQL argument (a string literal or a template literal). */
  sql: string;
  /** Values in placeholder order; empty for the tagged style, whose values stay inside the template. */
  values: BoundValue[];
}

export interface ParameteriseOptions {
  /** Names that must not be used for new named parameters (already used elsewhere in the query). */
  reservedNames?: ReadonlySet<string>;
  /**
   * SQL that conceptually precedes the text, for fragments that carry no clause keyword of their
   * own: `'WHERE '` for `whereRaw`/TypeORM `where`, `'ORDER BY '` for `orderByRaw`.
   */
  contextBefore?: string;
  /** SQL that conceptually follows the text (`' FROM t'` after a select list). */
  contextAfter?: string;
  /**
   * How the text's quotes read: in MySQL a double-quoted run is a string literal (a value), `#`
   * opens a comment and a backslash escapes; elsewhere double quotes name an identifier.
   */
  dialect?: SqlDialect;
  /** Wraps LIMIT/OFFSET values in `Number()`: a driver that formats values on the client would quote a string (`LIMIT '2'`). */
  numericLimits?: boolean;
  /** Wraps values in `String()`: mysqljs expands an object bound to `?` into `` `col` = val `` pairs. */
  stringifyValues?: boolean;
  /** Wraps a bare value compared with an expression in `Number()`: SQLite applies no type affinity to it. */
  numericExpressionOperands?: boolean;
  /**
   * Typed parameters (Prisma): the driver declares a JavaScript string as `text`, and PostgreSQL
   * compares no text with a number. A bare value was a number in the pasted SQL, so it is bound
   * through `Number()`; a quoted value compared with a column whose name says it holds ids, numbers
   * or dates (`id`, `user_id`, `created_at`) is withheld, since a `text` value does not match it.
   */
  typedParameters?: boolean;
  /**
   * Casts a bare value after a range comparison (`score > ${x}`) to numeric: PostgreSQL types an
   * untyped parameter from the column, so `$1` beside an integer column refuses "15.5" where the
   * pasted literal compared as a decimal.
   */
  numericRangeCasts?: boolean;
  /** Writes each `?` already in the text as `\?`, which knex reads as a literal question mark. */
  escapeQuestionMarks?: boolean;
  /** What a value becomes once its escaping is dropped; undefined when it was not escaped. */
  unescape?: (node: TSESTree.Expression) => Unescaped | undefined;
}

/**
 * A value freed of its escaping: the source to bind, and whether the helper also wrapped it in
 * quotes (`mysql.escape(x)`), which only fits a bare slot. Or the reason it cannot be freed.
 */
export type Unescaped = { source: string; addsQuotes?: boolean } | Withheld;

/** Why no rewrite is offered: shown to the user in the hover. */
export interface Withheld {
  withheld: string;
}

export function isWithheld(value: unknown): value is Withheld {
  return typeof value === 'object' && value !== null && 'withheld' in value;
}

type Piece = { kind: 'char'; char: string } | { kind: 'expression'; node: TSESTree.Expression };

type Unit =
  | { kind: 'sql'; text: string }
  | { kind: 'slot'; node: TSESTree.Expression }
  /** A quoted SQL string or quoted identifier that contains at least one expression. */
  | { kind: 'quoted'; quote: string; close: string; pieces: Piece[] };

const WITHHELD = {
  unclosed: 'the SQL text has a quote or comment that does not close where Rugged can see it',
  inComment: 'a value sits inside an SQL comment',
  inDollarQuote: 'a value sits inside a dollar-quoted body ($$...$$), where no placeholder is read',
  list: 'a value is a list (IN (...) or an array), which one placeholder does not replace',
  notValue: 'a value sits where a placeholder cannot go (a table or column name, a keyword, part of a name or a whole clause)',
  quotedIdentifier: 'a value sits inside a quoted identifier, which a placeholder cannot replace',
  typedLiteral: "a value sits inside a typed literal (interval '...', date '...'), which a placeholder cannot replace",
  backslash: 'a quoted value holds backslashes whose meaning depends on the server settings',
  selectExpression:
    'a value at the start of a select expression reads as a column name or as a value depending on what it holds; Rugged cannot tell which',
  quotedTwice: 'the escaping helper adds quotes of its own inside a quoted literal; the original text cannot be rebuilt as one bound value',
  constantInTag: 'a constant table or column name would be bound as a value by the tagged template',
  typedText: (column: string) =>
    `Prisma sends a string as a \`text\` parameter, and \`${column}\` looks like an id, number or date column, which PostgreSQL does not compare with text; cast the value to the column's type (\`\${value}::uuid\`) or validate it`,
} as const;

/**
 * Column names that usually hold ids, numbers or dates rather than text: a quoted literal compared
 * with them was converted by the server, a typed `text` parameter is not.
 */
const NON_TEXT_COLUMN = /(?:^|_)(?:id|uuid|guid|at|on|date|time|count|age|year|qty|quantity|amount|price|total|score|number|num)$|[a-z](?:Id|Uuid|At|Date|Count)$/;

/** The column a slot is compared with (`users.id = `, `"userId" <> `), when the SQL before it ends that way. */
function comparedColumn(before: string): string | undefined {
  const match = /([A-Za-z_][\w$]*|"[^"]+")\s*(?:=|<>|!=|<=|>=|<|>)\s*$/.exec(before);
  return match ? match[1].replace(/"/g, '') : undefined;
}

/** Splits the parts into plain SQL, bare interpolations and quoted literals/identifiers containing interpolations. */
function scan(parts: QueryPart[], dialect: SqlDialect): Unit[] | Withheld {
  const pieces: Piece[] = [];
  for (const part of parts) {
    if (part.kind === 'expression') pieces.push({ kind: 'expression', node: part.node });
    else for (const char of part.text) pieces.push({ kind: 'char', char });
  }
  const units: Unit[] = [];
  const pushSql = (text: string) => {
    const last = units[units.length - 1];
    if (last?.kind === 'sql') last.text += text;
    else units.push({ kind: 'sql', text });
  };
  const closers: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };
  const charAt = (index: number) => {
    const p = pieces[index];
    return p?.kind === 'char' ? p.char : undefined;
  };
  let i = 0;
  while (i < pieces.length) {
    const piece = pieces[i];
    if (piece.kind === 'expression') {
      units.push({ kind: 'slot', node: piece.node });
      i++;
      continue;
    }
    // Comments are copied as they are: a quote inside `-- don't` must not open a string.
    const next = charAt(i + 1);
    const dashes = piece.char === '-' && next === '-';
    const hash = piece.char === '#' && dialect === 'mysql';
    if (dashes || hash || (piece.char === '/' && next === '*')) {
      const end = piece.char === '/' ? '*/' : '\n';
      let text = '';
      let j = i;
      for (; j < pieces.length; j++) {
        const p = pieces[j];
        if (p.kind === 'expression') return { withheld: WITHHELD.inComment };
        text += p.char;
        if (text.length >= (hash ? 1 : 2) + end.length && text.endsWith(end)) break;
      }
      pushSql(text);
      i = j + 1;
      continue;
    }
    // A dollar-quoted body ($$...$$, $fn$...$fn$) is one literal in PostgreSQL; quotes inside are text.
    if (piece.char === '$' && dialect !== 'mysql' && dialect !== 'mssql' && !/[\w$]/.test(charAt(i - 1) ?? '')) {
      let tag = '$';
      let j = i + 1;
      while (/[A-Za-z_0-9]/.test(charAt(j) ?? '') && !(tag === '$' && /\d/.test(charAt(j) ?? ''))) tag += charAt(j++);
      if (charAt(j) === '$') {
        tag += '$';
        let text = tag;
        let k = j + 1;
        for (; k < pieces.length && !text.slice(tag.length).endsWith(tag); k++) {
          const p = pieces[k];
          if (p.kind === 'expression') return { withheld: WITHHELD.inDollarQuote };
          text += p.char;
        }
        if (!text.slice(tag.length).endsWith(tag)) return { withheld: WITHHELD.unclosed };
        pushSql(text);
        i = k;
        continue;
      }
    }
    const close = closers[piece.char];
    if (!close) {
      pushSql(piece.char);
      i++;
      continue;
    }
    // A quoted literal or identifier: find its end ('' and \' stay inside a string literal).
    const backslashes = piece.char === "'" || (piece.char === '"' && doubleQuotesAreStrings(dialect));
    const inside: Piece[] = [];
    let j = i + 1;
    let closed = false;
    while (j < pieces.length) {
      const p = pieces[j];
      if (p.kind === 'char' && backslashes && p.char === '\\' && j + 1 < pieces.length) {
        inside.push(p, pieces[j + 1]);
        j += 2;
        continue;
      }
      if (p.kind === 'char' && p.char === close) {
        const after = pieces[j + 1];
        if (close !== ']' && after?.kind === 'char' && after.char === close) {
          inside.push(p, after);
          j += 2;
          continue;
        }
        closed = true;
        break;
      }
      inside.push(p);
      j++;
    }
    if (!closed) return { withheld: WITHHELD.unclosed };
    if (inside.some((p) => p.kind === 'expression')) units.push({ kind: 'quoted', quote: piece.char, close, pieces: inside });
    else pushSql(piece.char + inside.map((p) => (p.kind === 'char' ? p.char : '')).join('') + close);
    i = j + 1;
  }
  return units;
}

/**
 * Rebuilds split query parts with the driver's placeholders: interpolations become bound values,
 * SQL quotes around an interpolation are dropped (`'${name}'` → `?`), a quoted literal with other
 * text around the value becomes one bound value built as a template literal (`'%${q}%'` →
 * `` `%${q}%` ``), and constant interpolations stay in place. Undefined whenever a value sits
 * where a placeholder cannot go (identifiers outside knex, keywords, `IN (...)` lists, parts
 * of names, whole clauses), so that callers offer no rewrite rather than a wrong one.
 */
export function parameterise(split: StringParts, style: PlaceholderStyle, context: RuleContext, options: ParameteriseOptions = {}): ParameterisedQuery | undefined {
  const result = parameteriseOrWithhold(split, style, context, options);
  return isWithheld(result) ? undefined : result;
}

/** As `parameterise`, saying why when no rewrite can be made. */
export function parameteriseOrWithhold(split: StringParts, style: PlaceholderStyle, context: RuleContext, options: ParameteriseOptions = {}): ParameterisedQuery | Withheld {
  const dialect = options.dialect ?? 'unknown';
  const units = scan(split.parts, dialect);
  if (isWithheld(units)) return units;
  const values: BoundValue[] = [];
  const names = new Set<string>(options.reservedNames ?? []);
  const chunks: Chunk[] = [];
  const sqlSoFar: string[] = [options.contextBefore ?? ''];
  const isConstant = (node: TSESTree.Node) => context.flow.valueOf(node).origin === 'constant';
  const textAfter = (index: number) => {
    const next = units[index + 1];
    return next?.kind === 'sql' ? next.text : next ? ' x ' : options.contextAfter ?? '';
  };
  const emitText = (text: string) => {
    chunks.push({ kind: 'text', text: options.escapeQuestionMarks ? text.replace(/\?/g, '\\?') : text });
    sqlSoFar.push(text);
  };
  const emitInline = (source: string) => {
    chunks.push({ kind: 'inline', source });
    sqlSoFar.push(' x ');
  };
  /** The source a value is bound as, with the coercion its place in the SQL needs. */
  const coerced = (source: string, node: TSESTree.Node, before: string, bare: boolean, identifier: boolean): string => {
    if (identifier) return options.stringifyValues && !isStringValued(node) ? `String(${source})` : source;
    const clause = lastClause(before);
    if (options.numericLimits && bare && clause && /^(limit|offset|top|fetch)$/.test(clause) && !isNumberValued(node)) {
      // A typed-parameter driver sends Number('abc'), NaN, as null, and `LIMIT NULL` is no limit at all:
      // BigInt() refuses what is not a whole number, as the server refused `LIMIT abc`.
      return options.typedParameters ? `BigInt(${source})` : `Number(${source})`;
    }
    if (options.numericExpressionOperands && bare && comparesWithExpression(before) && !isNumberValued(node)) return `Number(${source})`;
    if (options.typedParameters && bare && !isNumberValued(node)) return `Number(${source})`;
    if (options.stringifyValues && !isStringValued(node) && !isNumberValued(node)) return `String(${source})`;
    return source;
  };
  // Each occurrence gets its own placeholder: a repeated `${newId()}` is two calls, and one value
  // used as text and as a number cannot share one parameter type.
  const bind = (source: string, nameHint: TSESTree.Node, identifier = false, cast = '') => {
    // An unescaped value is named after what it was before escaping: `name`, not `value`.
    const freedName = /^(?:String\(|Number\()?\(?([\w$.]+)/.exec(source)?.[1].split('.').pop();
    if (style === 'tagged') {
      emitInline(source);
      return;
    }
    const hinted = nameFor(nameHint);
    const name = hinted === 'value' && freedName && source !== context.getText(nameHint) ? cleanName(freedName) : hinted;
    const value: BoundValue = { name: uniqueName(name, names), source, identifier: identifier || undefined };
    values.push(value);
    const placeholder =
      style === 'dollar' ? `$${values.length}${cast}` :
      style === 'colon' ? `:${value.name}` :
      style === 'at' ? `@${value.name}` :
      identifier ? '??' : '?';
    chunks.push({ kind: 'placeholder', text: placeholder });
    sqlSoFar.push(placeholder);
  };
  const rangeCast = (before: string) =>
    options.numericRangeCasts && /(?:<=|>=|<|>)\s*$/.test(before) && !/<>\s*$/.test(before) ? '::numeric' : '';
  /** The value's source once its escaping is dropped. */
  const sourceOf = (node: TSESTree.Expression, quoted: boolean): string | Withheld => {
    const freed = options.unescape?.(node);
    if (!freed) return context.getText(node);
    if (isWithheld(freed)) return freed;
    if (freed.addsQuotes && quoted) return { withheld: WITHHELD.quotedTwice };
    return freed.source;
  };

  for (let index = 0; index < units.length; index++) {
    const unit = units[index];
    if (unit.kind === 'sql') {
      emitText(unit.text);
      continue;
    }
    const before = sqlSoFar.join('');
    if (unit.kind === 'slot') {
      const after = textAfter(index);
      const kind = slotKind(before, after);
      if (isConstant(unit.node)) {
        // A constant such as a table name stays where it is; a tagged template would bind it instead.
        if (style === 'tagged' && kind !== 'value') return { withheld: WITHHELD.constantInTag };
        emitInline(context.getText(unit.node));
        continue;
      }
      if (isListLike(unit.node)) return { withheld: WITHHELD.list };
      if (kind === 'list') return { withheld: WITHHELD.list };
      if (kind !== 'value' && startsSelectExpression(before, after)) return { withheld: WITHHELD.selectExpression };
      const source = sourceOf(unit.node, false);
      if (isWithheld(source)) return source;
      if (kind === 'value') bind(coerced(source, unit.node, before, true, false), unit.node, false, rangeCast(before));
      else if (kind === 'identifier' && style === 'knex') bind(coerced(source, unit.node, before, true, true), unit.node, true);
      else return { withheld: WITHHELD.notValue };
      continue;
    }
    // A quoted literal or identifier holding interpolations.
    const expressions = unit.pieces.filter((p): p is Extract<Piece, { kind: 'expression' }> => p.kind === 'expression');
    if (expressions.every((p) => isConstant(p.node))) {
      if (style === 'tagged') return { withheld: WITHHELD.constantInTag };
      emitText(unit.quote);
      for (const piece of unit.pieces) {
        if (piece.kind === 'char') emitText(piece.char);
        else emitInline(context.getText(piece.node));
      }
      emitText(unit.close);
      continue;
    }
    const only = unit.pieces.length === 1 ? expressions[0] : undefined;
    const stringLiteral = unit.quote === "'" || (unit.quote === '"' && doubleQuotesAreStrings(dialect));
    if (!stringLiteral) {
      // "${col}" / `${col}` / [${col}]: a quoted identifier, which only knex can bind (as ??).
      if (style !== 'knex' || !only || isListLike(only.node)) return { withheld: WITHHELD.quotedIdentifier };
      const source = sourceOf(only.node, true);
      if (isWithheld(source)) return source;
      bind(coerced(source, only.node, before, false, true), only.node, true);
      continue;
    }
    if (/\bin\s*\(\s*$/i.test(before)) return { withheld: WITHHELD.list };
    // interval '5 days', date '...', E'...', N'...': a typed or prefixed literal, not a place for a parameter.
    if (TYPED_LITERAL_BEFORE.test(before)) return { withheld: WITHHELD.typedLiteral };
    const column = options.typedParameters ? comparedColumn(before) : undefined;
    if (column && NON_TEXT_COLUMN.test(column)) return { withheld: WITHHELD.typedText(column) };
    if (only) {
      if (isListLike(only.node)) return { withheld: WITHHELD.list };
      const source = sourceOf(only.node, true);
      if (isWithheld(source)) return source;
      // A value that was inside quotes was text in the original: String() keeps it text, never a number.
      bind(coerced(source, only.node, before, false, false), only.node);
      continue;
    }
    if (unit.pieces.some((p) => p.kind === 'char' && p.char === '\\')) return { withheld: WITHHELD.backslash };
    const template = templateOf(unit.pieces, unit.quote, (node) => sourceOf(node, true));
    if (isWithheld(template)) return template;
    bind(template, expressions.find((p) => !isConstant(p.node))?.node ?? expressions[0].node);
  }
  return { sql: render(chunks, split), values };
}

/** The last clause keyword before a slot, lower-cased with single spaces (`order by`). */
export function lastClause(before: string): string | undefined {
  const clauses = [...before.matchAll(CLAUSES)];
  const last = clauses[clauses.length - 1];
  return last ? last[1].toLowerCase().replace(/\s+/g, ' ') : undefined;
}

/** `SELECT id, ${rate} * price`: a slot opening a select expression that goes on with an operator. */
function startsSelectExpression(before: string, after: string): boolean {
  const clause = lastClause(before);
  if (clause !== 'select' && clause !== 'returning') return false;
  return /(?:\bselect|\breturning|,|\()\s*$/i.test(before) && /^\s*(?:[-+*/%<>=!]|\|\|)/.test(after);
}

/** `COUNT(*) > ${n}`, `price_cents / 100 = ${p}`: the slot is compared with an expression, not a bare column. */
function comparesWithExpression(before: string): boolean {
  const match = /(\S+)\s*(?:=|<>|!=|<=|>=|<|>)\s*$/.exec(before);
  if (!match) return false;
  return !/^[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)*$|^"[^"]+"$|^`[^`]+`$|^\[[^\]]+\]$/.test(match[1]);
}

/** Values that are numbers already: `Number(x)`, `parseInt(x)`, a numeric literal, `+x`, arithmetic. */
function isNumberValued(node: TSESTree.Node): boolean {
  const inner = unwrapTs(node);
  if (inner.type === 'Literal') return typeof inner.value === 'number' || typeof inner.value === 'bigint';
  if (inner.type === 'UnaryExpression') return inner.operator === '+' || inner.operator === '-';
  if (inner.type === 'BinaryExpression') return ['-', '*', '/', '%', '**', '|', '&'].includes(inner.operator);
  if (inner.type === 'CallExpression') {
    const callee = inner.callee.type === 'MemberExpression' ? propertyName(inner.callee) : inner.callee.type === 'Identifier' ? inner.callee.name : undefined;
    return !!callee && /^(Number|parseInt|parseFloat|BigInt|floor|ceil|round|trunc|min|max|abs)$/.test(callee);
  }
  return false;
}

/** Values that are strings already: literals, templates, `String(x)`, string methods. */
function isStringValued(node: TSESTree.Node): boolean {
  const inner = unwrapTs(node);
  if (inner.type === 'Literal') return typeof inner.value === 'string';
  if (inner.type === 'TemplateLiteral') return true;
  if (inner.type === 'CallExpression') {
    const callee = inner.callee.type === 'MemberExpression' ? propertyName(inner.callee) : inner.callee.type === 'Identifier' ? inner.callee.name : undefined;
    return !!callee && /^(String|toString|trim|trimStart|trimEnd|toLowerCase|toUpperCase|slice|substring|padStart|padEnd|normalize|toISOString|join)$/.test(callee);
  }
  return false;
}

type Chunk = { kind: 'text'; text: string } | { kind: 'inline'; source: string } | { kind: 'placeholder'; text: string };

/**
 * Writes the rebuilt SQL as JavaScript: a template literal when the original was one or when
 * interpolations remain, otherwise a string literal in the original quote.
 */
function render(chunks: Chunk[], split: StringParts): string {
  const template = split.form === 'template' || chunks.some((c) => c.kind === 'inline');
  if (template) {
    const body = chunks.map((c) => (c.kind === 'text' ? escapeTemplateText(c.text) : c.kind === 'inline' ? `\${${c.source}}` : c.text)).join('');
    return `\`${body}\``;
  }
  const quote = split.quote === '`' ? "'" : split.quote;
  const body = chunks.map((c) => (c.kind === 'text' ? escapeStringText(c.text, quote) : c.kind === 'placeholder' ? c.text : '')).join('');
  return `${quote}${body}${quote}`;
}

export function escapeTemplateText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

function escapeStringText(text: string, quote: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(new RegExp(quote, 'g'), `\\${quote}`)
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** Whether a value is probably a list (`ids.join(',')`, an array literal), which one placeholder cannot replace. */
function isListLike(node: TSESTree.Node): boolean {
  if (node.type === 'ArrayExpression') return true;
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && propertyName(node.callee) === 'join') return true;
  return false;
}

/** The template literal a quoted SQL literal with values inside becomes, each value as `source` gives it. */
function templateOf(pieces: Piece[], quote: string, source: (node: TSESTree.Expression) => string | Withheld): string | Withheld {
  let text = '';
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.kind === 'expression') {
      const value = source(piece.node);
      if (isWithheld(value)) return value;
      text += `\${${value}}`;
      continue;
    }
    // '' inside an SQL string is one quote in the value.
    const next = pieces[i + 1];
    if (piece.char === quote && next?.kind === 'char' && next.char === quote) i++;
    text += escapeTemplateText(piece.char);
  }
  return `\`${text}\``;
}

const RESERVED_NAMES = new Set(['value', 'values', 'and', 'or', 'not', 'null', 'select', 'from', 'where', 'order', 'group', 'limit', 'user', 'table', 'in', 'is', 'as', 'by', 'set']);

/** A readable parameter name for a value: `req.query.id` → id, `userId` → userId, `` `%${q}%` `` → q. */
export function nameFor(node: TSESTree.Node): string {
  let current: TSESTree.Node = unwrapTs(node);
  for (let guard = 0; guard < 10; guard++) {
    if (current.type === 'Identifier') return cleanName(current.name);
    if (current.type === 'MemberExpression') {
      const name = propertyName(current);
      return name ? cleanName(name) : 'value';
    }
    if (current.type === 'CallExpression') {
      const arg = current.arguments[0];
      if (arg && arg.type !== 'SpreadElement') current = arg;
      else if (current.callee.type === 'MemberExpression') current = current.callee.object;
      else return 'value';
      continue;
    }
    if (current.type === 'TemplateLiteral' && current.expressions.length > 0) {
      current = current.expressions[0];
      continue;
    }
    if (current.type === 'AwaitExpression' || current.type === 'ChainExpression') {
      current = current.type === 'AwaitExpression' ? current.argument : current.expression;
      continue;
    }
    return 'value';
  }
  return 'value';
}

function cleanName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_]/g, '');
  if (!/^[A-Za-z_]/.test(clean)) return 'value';
  return clean;
}

/** Takes the first free name from `base`, `base2`, ... and records it (and its lower case) in `used`. */
export function claimName(base: string, used: Set<string>): string {
  return uniqueName(base, used);
}

function uniqueName(base: string, used: Set<string>): string {
  let name = RESERVED_NAMES.has(base.toLowerCase()) ? `${base}Value` : base;
  if (base === 'value') name = 'value';
  // Bind names are case-insensitive in Oracle and SQL Server: `:Date` is as reserved as `:date`.
  const taken = (candidate: string) => used.has(candidate) || used.has(candidate.toLowerCase());
  let candidate = name;
  for (let n = 2; taken(candidate); n++) candidate = `${name}${n}`;
  used.add(candidate);
  used.add(candidate.toLowerCase());
  return candidate;
}

/** `[a, b]` for positional values. */
export function valuesArray(values: readonly BoundValue[]): string {
  return `[${values.map((v) => v.source).join(', ')}]`;
}

/** `{ id, name: req.body.name }` for named values (shorthand when the source is the name itself). */
export function valuesObject(values: readonly BoundValue[]): string {
  return `{ ${values.map((v) => (v.source === v.name ? v.name : `${v.name}: ${v.source}`)).join(', ')} }`;
}
