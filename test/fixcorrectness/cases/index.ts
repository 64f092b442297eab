// Every fix-correctness case, by database; mssql and oracledb run on emulated binding over PostgreSQL.
import type { FixCase } from '../caseFormat';
import { EMULATED_CASES } from './emulated';
import { MARIADB_CASES } from './mariadb';
import { POSTGRES_CASES } from './postgres';
import { SQLITE_CASES } from './sqlite';
import { TYPEORM_BUILDER_CASES } from './typeormBuilders';

export const ALL_CASES: readonly FixCase[] = [...POSTGRES_CASES, ...MARIADB_CASES, ...SQLITE_CASES, ...EMULATED_CASES, ...TYPEORM_BUILDER_CASES];
