// What the shape of an injectable query lets an attacker do, read from the code rather than assumed
// by the rule's seed: whether the handler answers with the query's rows (a UNION then brings other
// tables' rows back in the answer) or only acts on them (one yes-or-no answer per request), whether
// it selects `*` (no column of its table is hidden), and where a name from the request lands (after
// ORDER BY no UNION can follow; the order of the rows is all it moves).

/** Where a name taken from the request lands in its SELECT. */
export type NameSlot = 'order' | 'columns' | 'table';

/**
 * Whether the handler answers with data from the query (`res.json(rows)`), false when every answer
 * it sends is fixed or only says whether rows came back (`res.json({ found: rows.length > 0 })`),
 * undefined when it sends none Rugged recognises.
 */
export function rowsReturned(handler: string): boolean | undefined {
  const calls = [...handler.matchAll(/\b(?:res|response|reply)\s*(?:\.\s*status\s*\([^)]*\)\s*)?\.\s*(?:json|jsonp|send|render|sendStatus|end)\s*\(([^;\n]*)\)/g)].map((m) => m[1]);
  const body = [...handler.matchAll(/\bctx\s*\.\s*body\s*=\s*([^;\n]*)/g)].map((m) => m[1]);
  const answers = [...calls, ...body];
  if (answers.length === 0) return undefined;
  return answers.some(carriesData);
}

/** An answer that names a value beyond literals, counts and yes-or-no tests of them. */
function carriesData(answer: string): boolean {
  const rest = answer
    .replace(/(['"])(?:\\.|(?!\1)[^\\])*\1/g, ' ')
    .replace(/`[^`$]*`/g, ' ')
    .replace(/[\w$.]+\.length\b/g, ' ')
    .replace(/[\w$]+\s*:/g, ' ')
    .replace(/\b(?:true|false|null|undefined|\d+)\b/g, ' ');
  return /[A-Za-z_$]/.test(rest);
}

/** `SELECT *` (or `t.*`) from one table: every column of it is already in the answer. */
export function selectsAll(sql: string): boolean {
  return /^\s*(?:\(\s*)*select\s+(?:distinct\s+)?(?:\w+\.)?\*\s+from\b/i.test(sql);
}

/** Where the name at `offset` of `text` lands: after ORDER BY or GROUP BY, in the select list, or as the table. */
export function nameSlotAt(text: string, offset: number): NameSlot | undefined {
  const before = text.slice(Math.max(0, offset - 600), offset);
  const select = [...before.matchAll(/\bselect\b/gi)].pop();
  if (!select) return undefined;
  const statement = before.slice(select.index);
  if (/\b(?:order|group)\s+by\b/i.test(statement)) return 'order';
  return /\bfrom\b/i.test(statement) ? 'table' : 'columns';
}
