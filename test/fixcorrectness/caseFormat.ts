// What a fix-correctness case is: a small module as users write it, which driver and database it
// runs on, the inputs to try, and what a careful reviewer expects of Rugged's SQL fix for it.
import type { Dialect } from './seed';

/**
 * - `fix`: a fix must be offered, and it must be right.
 * - `no-fix`: no SQL fix may be offered (no rewrite is right, or none can be shown right statically).
 * - `right-or-none`: either is acceptable, but an offered fix must be right.
 */
export type Expectation = 'fix' | 'no-fix' | 'right-or-none';

export interface FixCase {
  /** Unique, says what the code does. */
  name: string;
  /** The label the per-driver counts use: `pg`, `mysql2`, `knex (mysql2)`, ... */
  driver: string;
  dialect: Dialect;
  /**
   * CommonJS text with `module.exports = async (input) => rows`. It requires its driver the usual
   * way; the harness hands it a connection to the seeded database through that require.
   */
  source: string;
  /** Inputs for which the original is right: it must not fail, and the fixed code must agree. */
  benign: unknown[];
  /** Awkward but honest inputs; default EDGE_INPUTS. Where the original works, the fix must agree. */
  edge?: unknown[];
  /** Default INJECTION_INPUTS: the fixed code must return no more rows than benign input and change nothing more. */
  injection?: unknown[];
  expect: Expectation;
  /** Why that is what a reviewer expects; shown when the case fails. */
  why: string;
  /** The class of issue 15 the case exercises (1-12), or where it comes from. */
  issueClass?: number;
  origin?: string;
}

export const EDGE_INPUTS: readonly unknown[] = [
  "O'Brien",
  '100%',
  'snake_case',
  'Zoë',
  '2',
  'Why?',
  // A JSON body where a string was expected.
  { email: 1 },
];

export const INJECTION_INPUTS: readonly unknown[] = [
  "' OR '1'='1",
  "' OR 1=1 -- ",
  '1 OR 1=1',
  '1; DROP TABLE users',
  "x'); DROP TABLE users; --",
  "'; UPDATE users SET is_admin = TRUE; --",
];
