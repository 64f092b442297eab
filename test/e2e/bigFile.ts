// A generated 2,000-line module with one string-built query near its end, for the large-file test.
export const BIG_FILE_LINES = 2000;
export const BIG_FILE_QUERY_LINE = BIG_FILE_LINES - 3;

export function bigFileWithQueryAtEnd(): string {
  const lines = ["const { Pool } = require('pg');", 'const pool = new Pool();', ''];
  let n = 0;
  // Whole functions only, so the file always parses; blank lines fill the rest.
  while (lines.length + 5 <= BIG_FILE_QUERY_LINE - 2) {
    lines.push(
      `function price${n}(order) {`,
      `  const total = order.items.reduce((sum, item) => sum + item.price * item.quantity, ${n});`,
      `  return Math.round(total * 100) / 100;`,
      '}',
      '',
    );
    n += 1;
  }
  while (lines.length < BIG_FILE_QUERY_LINE - 2) lines.push('');
  lines.push('exports.byRegion = async (req, res) => {');
  lines.push("  const rows = await pool.query('SELECT * FROM stores WHERE region = ' + req.query.region);");
  lines.push('  res.json(rows.rows);');
  lines.push('};');
  while (lines.length < BIG_FILE_LINES) lines.push('');
  return lines.join('\n');
}
