// The SQL lexer on its own: what counts as code, string, identifier, comment or dollar-quoted body per dialect.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existingPlaceholders, hasQuestionMarkOutsideCode, lexSql } from './sqlLexer';

const kinds = (text: string, dialect: Parameters<typeof lexSql>[1]) => lexSql(text, dialect).map((s) => `${s.kind}:${s.text}`);

test('double quotes are a string in MySQL and a name elsewhere', () => {
  assert.deepEqual(kinds('a = "x"', 'mysql'), ['code:a = ', 'string:"x"']);
  assert.deepEqual(kinds('a = "x"', 'postgres'), ['code:a = ', 'identifier:"x"']);
});

test('comments: -- and /* */ everywhere, # only in MySQL', () => {
  assert.deepEqual(kinds("a # it's\nb", 'mysql'), ['code:a ', "comment:# it's\n", 'code:b']);
  assert.deepEqual(kinds('a # b', 'postgres'), ['code:a # b']);
  assert.deepEqual(kinds('a /* ? */ -- ?\nb', 'sqlite'), ['code:a ', 'comment:/* ? */', 'code: ', 'comment:-- ?\n', 'code:b']);
});

test('dollar quoting in PostgreSQL, and $1 stays a parameter', () => {
  assert.deepEqual(kinds("$tag$it's$tag$ = $1", 'postgres'), ["dollar:$tag$it's$tag$", 'code: = $1']);
  assert.deepEqual(existingPlaceholders(lexSql("'$1' = $2", 'postgres'), 'dollar'), ['$2']);
});

test('question marks and named placeholders are read in code only', () => {
  assert.equal(hasQuestionMarkOutsideCode(lexSql("note = 'Why?'", 'mysql')), true);
  assert.equal(hasQuestionMarkOutsideCode(lexSql('data ? key', 'postgres')), false);
  assert.deepEqual(existingPlaceholders(lexSql("a = :id AND b::int = 1 AND c = ':no'", 'oracle'), 'colon'), ['id']);
  assert.deepEqual(existingPlaceholders(lexSql('SELECT @@ROWCOUNT, @id', 'mssql'), 'at'), ['id']);
  // A backslash escapes the quote in MySQL strings only.
  assert.deepEqual(kinds("'a\\'b' c", 'mysql'), ["string:'a\\'b'", 'code: c']);
});
