// The exit codes of the `rugged` command, as ESLint's: CI scripts branch on them.

export const ExitCode = {
  /** No finding at or above the --fail-on threshold (suppressed findings never count). */
  Ok: 0,
  /** At least one unsuppressed finding at or above the threshold. */
  Findings: 1,
  /** Usage, configuration or internal error; one line on stderr says which. */
  Error: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
