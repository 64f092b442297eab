// Splitting a query written as a template literal or a `+` concatenation into its constant text
// and its expressions, and rebuilding it with a driver's placeholders and a list of bound values.
// Shared by the SQL rules' detectors (what text does the query hold?) and their quick fixes.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { propertyName, type RuleContext, type Variable } from '../../server/src/engine/api';

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
}

type Piece = { kind: 'char'; char: string } | { kind: 'expression'; node: TSESTree.Expression };

type Unit =
  | { kind: 'sql'; text: string }
  | { kind: 'slot'; node: TSESTree.Expression }
  /** A quoted SQL string or quoted identifier that contains at least one expression. */
  | { kind: 'quoted'; quote: string; close: string; pieces: Piece[] };

/** Splits the parts into plain SQL, bare interpolations and quoted literals/identifiers containing interpolations. */
function scan(parts: QueryPart[]): Unit[] | undefined {
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
  let i = 0;
  while (i < pieces.length) {
    const piece = pieces[i];
    if (piece.kind === 'expression') {
      units.push({ kind: 'slot', node: piece.node });
      i++;
      continue;
    }
    // Comments are copied as they are: a quote inside `-- don't` must not open a string.
    const next = pieces[i + 1];
    const comment = next?.kind === 'char' && ((piece.char === '-' && next.char === '-') || (piece.char === '/' && next.char === '*'));
    if (comment) {
      const end = piece.char === '-' ? '\n' : '*/';
      let text = '';
      let j = i;
      for (; j < pieces.length; j++) {
        const p = pieces[j];
        if (p.kind === 'expression') return undefined;
        text += p.char;
        if (text.length >= 2 + end.length && text.endsWith(end)) break;
      }
      pushSql(text);
      i = j + 1;
      continue;
    }
    const close = closers[piece.char];
    if (!close) {
      pushSql(piece.char);
      i++;
      continue;
    }
    // A quoted literal or identifier: find its end ('' and \' stay inside a string literal).
    const inside: Piece[] = [];
    let j = i + 1;
    let closed = false;
    while (j < pieces.length) {
      const p = pieces[j];
      if (p.kind === 'char' && piece.char === "'" && p.char === '\\' && j + 1 < pieces.length) {
        inside.push(p, pieces[j + 1]);
        j += 2;
        continue;
      }
      if (p.kind === 'char' && p.char === close) {
        const next = pieces[j + 1];
        if (close !== ']' && next?.kind === 'char' && next.char === close) {
          inside.push(p, next);
          j += 2;
          continue;
        }
        closed = true;
        break;
      }
      inside.push(p);
      j++;
    }
    if (!closed) return undefined;
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
  const units = scan(split.parts);
  if (!units) return undefined;
  const values: BoundValue[] = [];
  const names = new Set<string>(options.reservedNames ?? []);
  const bySource = new Map<string, BoundValue>();
  const chunks: Chunk[] = [];
  const sqlSoFar: string[] = [options.contextBefore ?? ''];
  const isConstant = (node: TSESTree.Node) => context.flow.valueOf(node).origin === 'constant';
  const textAfter = (index: number) => {
    const next = units[index + 1];
    return next?.kind === 'sql' ? next.text : next ? ' x ' : options.contextAfter ?? '';
  };
  const emitText = (text: string) => {
    chunks.push({ kind: 'text', text });
    sqlSoFar.push(text);
  };
  const emitInline = (source: string) => {
    chunks.push({ kind: 'inline', source });
    sqlSoFar.push(' x ');
  };
  const bind = (source: string, nameHint: TSESTree.Node, identifier = false) => {
    if (style === 'tagged') {
      emitInline(source);
      return;
    }
    let value = bySource.get(source);
    const reusable = style === 'dollar' || style === 'colon' || style === 'at';
    if (!value || !reusable || identifier) {
      value = { name: uniqueName(nameFor(nameHint), names), source, identifier: identifier || undefined };
      values.push(value);
      bySource.set(source, value);
    }
    const placeholder =
      style === 'dollar' ? `$${values.indexOf(value) + 1}` :
      style === 'colon' ? `:${value.name}` :
      style === 'at' ? `@${value.name}` :
      identifier ? '??' : '?';
    chunks.push({ kind: 'placeholder', text: placeholder });
    sqlSoFar.push(placeholder);
  };

  for (let index = 0; index < units.length; index++) {
    const unit = units[index];
    if (unit.kind === 'sql') {
      emitText(unit.text);
      continue;
    }
    const before = sqlSoFar.join('');
    if (unit.kind === 'slot') {
      const kind = slotKind(before, textAfter(index));
      if (isConstant(unit.node)) {
        // A constant such as a table name stays where it is; a tagged template would bind it instead.
        if (style === 'tagged' && kind !== 'value') return undefined;
        emitInline(context.getText(unit.node));
        continue;
      }
      if (isListLike(unit.node)) return undefined;
      if (kind === 'value') bind(context.getText(unit.node), unit.node);
      else if (kind === 'identifier' && style === 'knex') bind(context.getText(unit.node), unit.node, true);
      else return undefined;
      continue;
    }
    // A quoted literal or identifier holding interpolations.
    const expressions = unit.pieces.filter((p): p is Extract<Piece, { kind: 'expression' }> => p.kind === 'expression');
    if (expressions.every((p) => isConstant(p.node))) {
      if (style === 'tagged') return undefined;
      emitText(unit.quote);
      for (const piece of unit.pieces) {
        if (piece.kind === 'char') emitText(piece.char);
        else emitInline(context.getText(piece.node));
      }
      emitText(unit.close);
      continue;
    }
    const only = unit.pieces.length === 1 ? expressions[0] : undefined;
    if (unit.quote !== "'") {
      // "${col}" / `${col}` / [${col}]: a quoted identifier, which only knex can bind (as ??).
      if (style !== 'knex' || !only || isListLike(only.node)) return undefined;
      bind(context.getText(only.node), only.node, true);
      continue;
    }
    if (/\bin\s*\(\s*$/i.test(before)) return undefined;
    // interval '5 days', date '...', E'...', N'...': a typed or prefixed literal, not a place for a parameter.
    if (TYPED_LITERAL_BEFORE.test(before)) return undefined;
    if (only) {
      if (isListLike(only.node)) return undefined;
      bind(context.getText(only.node), only.node);
      continue;
    }
    if (unit.pieces.some((p) => p.kind === 'char' && p.char === '\\')) return undefined;
    bind(templateOf(unit.pieces, context), expressions.find((p) => !isConstant(p.node))?.node ?? expressions[0].node);
  }
  return { sql: render(chunks, split), values };
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

function templateOf(pieces: Piece[], context: RuleContext): string {
  let text = '';
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.kind === 'expression') {
      text += `\${${context.getText(piece.node)}}`;
      continue;
    }
    // '' inside an SQL string is one quote in the value.
    const next = pieces[i + 1];
    if (piece.char === "'" && next?.kind === 'char' && next.char === "'") i++;
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

function uniqueName(base: string, used: Set<string>): string {
  let name = RESERVED_NAMES.has(base.toLowerCase()) ? `${base}Value` : base;
  if (base === 'value') name = 'value';
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = `${name}${n}`;
  used.add(candidate);
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
