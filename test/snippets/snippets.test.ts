// The secure-usage snippets are what the rules recommend, so they must be clean by the rules'
// own judgement: every body, with its defaults accepted, parses and yields zero findings with all
// registered rules, both on its own and inside an Express handler that imports every library.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { allRules } from '../../rules/index';
import { defaultEngineConfig } from '../../server/src/engine/config';
import { analyze } from '../../server/src/engine/run';
import { REPO_ROOT } from '../meta/ruleFiles';
import { expandSnippet } from './snippetSyntax';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

const LANGUAGES = [
  { file: 'javascript.json', filename: 'snippet.js' },
  { file: 'typescript.json', filename: 'snippet.ts' },
] as const;

/** Where a snippet is typed in real code: a route handler, with its libraries imported. */
const HOSTS: Record<string, string> = {
  'snippet.js': `const express = require('express');
const session = require('express-session');
const crypto = require('node:crypto');
const { execFile } = require('node:child_process');
const bcrypt = require('bcrypt');
const jwt = require('jsonwebtoken');
const { Pool } = require('pg');
const mysql = require('mysql2/promise');
const knex = require('knex')({ client: 'pg' });
const { PrismaClient } = require('@prisma/client');
const { Sequelize, QueryTypes } = require('sequelize');
const { DataSource } = require('typeorm');

const app = express();
const pool = new Pool();
const prisma = new PrismaClient();
const sequelize = new Sequelize(process.env.DATABASE_URL);
const dataSource = new DataSource({ type: 'postgres' });

app.post('/snippet/:id', async (req, res, next) => {
  const connection = await mysql.createConnection(process.env.DATABASE_URL);
  /*BODY*/
});
`,
  'snippet.ts': `import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import bcrypt from 'bcrypt';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { Pool } from 'pg';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import createKnex from 'knex';
import { PrismaClient } from '@prisma/client';
import { Sequelize, QueryTypes } from 'sequelize';
import { DataSource } from 'typeorm';
import { User } from './entities/user';

const app = express();
const pool = new Pool();
const knex = createKnex({ client: 'pg' });
const prisma = new PrismaClient();
const sequelize = new Sequelize(process.env.DATABASE_URL ?? '');
const dataSource = new DataSource({ type: 'postgres' });

app.post('/snippet/:id', async (req: Request, res: Response, next: NextFunction) => {
  const connection = await mysql.createConnection(process.env.DATABASE_URL ?? '');
  /*BODY*/
});
`,
};

const options = { rules: allRules, config: defaultEngineConfig(), today: '2026-01-01' };

function findingsIn(text: string, filename: string): string[] {
  return analyze(text, filename, options).findings.map((f) => `${f.range.start.line}:${f.range.start.column + 1} ${f.ruleId}: ${f.message}`);
}

function load(file: string): Record<string, Snippet> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'snippets', file), 'utf8')) as Record<string, Snippet>;
}

function prefixesOf(snippet: Snippet): string[] {
  return Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
}

for (const language of LANGUAGES) {
  describe(`snippets/${language.file}`, () => {
    const snippets = load(language.file);

    test('has snippets, each with a sec- prefix, a description and a body; prefixes are unique', () => {
      const entries = Object.entries(snippets);
      assert.ok(entries.length > 0);
      const prefixes = entries.flatMap(([, s]) => prefixesOf(s));
      assert.deepEqual(prefixes.filter((p) => !/^sec-[a-z0-9]+(-[a-z0-9]+)*$/.test(p)), [], 'prefixes are sec-<kebab-case>');
      assert.deepEqual(prefixes.filter((p, i) => prefixes.indexOf(p) !== i), [], 'duplicate prefixes');
      for (const [name, s] of entries) {
        assert.ok(typeof s.description === 'string' && s.description.trim() !== '', `${name}: description`);
        assert.ok(typeof s.body === 'string' || (Array.isArray(s.body) && s.body.length > 0), `${name}: body`);
      }
    });

    test('the host file the bodies are tried in is itself clean, and the rules do look inside it', () => {
      const host = HOSTS[language.filename];
      assert.deepEqual(findingsIn(host.replace('/*BODY*/', ''), language.filename), []);
      const unsafe = host.replace('/*BODY*/', "await pool.query('SELECT * FROM users WHERE id = ' + req.params.id);");
      assert.ok(findingsIn(unsafe, language.filename).length > 0, 'a string-built query in the host is flagged');
    });

    for (const [name, snippet] of Object.entries(snippets)) {
      test(`${prefixesOf(snippet).join(', ')} (${name}): parses and has no findings`, () => {
        const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
        const { text, problems } = expandSnippet(body);
        assert.deepEqual(problems, [], 'snippet syntax');
        assert.deepEqual(findingsIn(text, language.filename), [], `on its own:\n${text}`);
        const hosted = HOSTS[language.filename].replace('/*BODY*/', text.split('\n').join('\n  '));
        assert.deepEqual(findingsIn(hosted, language.filename), [], `in a route handler:\n${hosted}`);
      });
    }
  });
}

test('JavaScript and TypeScript offer the same snippets', () => {
  const [js, ts] = LANGUAGES.map((l) => Object.values(load(l.file)).flatMap(prefixesOf).sort());
  assert.deepEqual(js, ts);
});

describe('snippet expansion', () => {
  test('takes defaults, mirrors, first choices and escapes; bare tab stops become names', () => {
    assert.deepEqual(expandSnippet('const ${1:a} = f(${2:b}, $3) + $1; ${4|x,y|} \\$1 \\} $0'), { text: 'const a = f(b, value3) + a; x $1 } ', problems: [] });
    assert.equal(expandSnippet('${1:outer ${2:inner}} $2').text, 'outer inner inner');
  });

  test('reports an unescaped dollar that the editor would take for a variable, and unclosed placeholders', () => {
    assert.match(expandSnippet('prisma.$queryRaw`x`').problems.join(), /"\$queryRaw" is not a snippet variable/);
    assert.deepEqual(expandSnippet('$TM_FILENAME').problems, []);
    assert.match(expandSnippet('${1:open').problems.join(), /not closed/);
  });
});
