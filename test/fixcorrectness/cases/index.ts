// Every fix-correctness case, by database. mssql and oracledb cannot run here and are left to the
// rule tests' static checks (see test/fixcorrectness/README.md).
import type { FixCase } from '../caseFormat';
import { MARIADB_CASES } from './mariadb';
import { POSTGRES_CASES } from './postgres';
import { SQLITE_CASES } from './sqlite';

export const ALL_CASES: readonly FixCase[] = [...POSTGRES_CASES, ...MARIADB_CASES, ...SQLITE_CASES];
