// The command line of `npm run bench`: what to measure, how many rounds, and where the results go.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Interleaved rounds of each full-scan row. */
  rounds: number;
  /** Edits per keystroke-latency run. */
  edits: number;
  /** A small corpus and fewer rounds, for trying the benchmark out. */
  quick: boolean;
  /** Use only what is cached: no download of the corpus or the peers. */
  offline: boolean;
  /** Write the results as JSON here. */
  json?: string;
  /** Write the Markdown report here (bench/RESULTS.md by default, none with --no-results). */
  results?: string;
  /** Only these packages of bench/precision/apps.json. */
  packages?: string[];
  /** Measure nothing: render the report from an earlier run's --json output. */
  fromJson?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

Speed and memory of Rugged against the parse floor (typescript-estree alone) and its peer
(ESLint 9 with eslint-plugin-security, @microsoft/eslint-plugin-sdl, eslint-plugin-no-unsanitized
and eslint-plugin-sonarjs's security rules), on the pinned packages of bench/precision/apps.json.
The corpus and the peers are installed into a cache outside the repository
($RUGGED_BENCH_CACHE, else ~/.cache/rugged/bench-speed), never into node_modules.

Options:
  --quick             Three small packages, one round, 30 edits: a try-out, not a measurement.
  --offline           Use only what is cached; fail if the corpus or the peers are missing.
  --rounds N          Interleaved rounds of each full-scan row (default 3; 1 with --quick).
  --edits N           Single-character edits per latency run (default 100; 30 with --quick).
  --packages a,b      Only these packages of bench/precision/apps.json.
  --json FILE         Also write every measurement as JSON to FILE.
  --results FILE      Write the Markdown report to FILE (default bench/RESULTS.md).
  --no-results        Print the report only.
  --from-json FILE    Measure nothing: write the report of an earlier run's --json output.
  -h, --help          Show this help.
`;

/** The options, or a one-line problem for the caller to print with the usage (exit 2). */
export function readOptions(argv: readonly string[], defaultResults: string): BenchOptions | { problem: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean', default: false },
        offline: { type: 'boolean', default: false },
        rounds: { type: 'string' },
        edits: { type: 'string' },
        packages: { type: 'string' },
        json: { type: 'string' },
        results: { type: 'string' },
        'no-results': { type: 'boolean', default: false },
        'from-json': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  const { values } = parsed;
  const count = (text: string | undefined, fallback: number, name: string): number | string => {
    if (text === undefined) return fallback;
    const n = Number(text);
    return Number.isInteger(n) && n >= 1 ? n : `--${name} needs a positive whole number, got "${text}"`;
  };
  const rounds = count(values.rounds, values.quick ? 1 : 3, 'rounds');
  if (typeof rounds === 'string') return { problem: rounds };
  const edits = count(values.edits, values.quick ? 30 : 100, 'edits');
  if (typeof edits === 'string') return { problem: edits };
  return {
    rounds,
    edits,
    quick: values.quick,
    offline: values.offline,
    json: values.json,
    results: values['no-results'] ? undefined : (values.results ?? defaultResults),
    packages: values.packages?.split(',').map((name) => name.trim()).filter(Boolean),
    fromJson: values['from-json'],
    help: values.help,
  };
}
