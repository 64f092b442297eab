// The shape of one benchmark run, as written by --json and read by the report writer.
import type { LatencyRun, ServerScan } from './lspRows';

/** One process run of a tool over the whole corpus. */
export interface ScanSample {
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  findings?: number;
}

export interface InProcessRun {
  file: string;
  lines: number;
  samples: { rugged: number[]; parseFloor: number[]; eslint: number[] };
}

export interface LargeFileRun {
  kilobytes: number;
  milliseconds: number;
  parseMilliseconds: number;
  analysisPeakRssBytes: number;
  findings: number;
}

export interface BenchResults {
  date: string;
  commit?: string;
  machine: { cpus: number; cpuModel?: string; node: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  settings: { rounds: number; edits: number; quick: boolean };
  corpus: {
    packages: string[];
    /** How many packages bench/precision/apps.json pins (absent in older runs). */
    packagesAvailable?: number;
    files: number;
    bytes: number;
    lines: number;
    leftOut: Record<string, number>;
  };
  peers: { eslintVersion: string; rules: Record<string, string[]>; typeAwareLeftOut: string[]; crashingLeftOut: Record<string, string> };
  fullScan: { parseFloor: ScanSample[]; eslint: ScanSample[]; rugged: ScanSample[] };
  rescan: {
    touchedFiles: number;
    eslintWarm: ScanSample[];
    eslintTouched: ScanSample[];
    serverCold: ServerScan[];
    serverWarm: ServerScan[];
    serverTouched: ServerScan[];
  };
  budgets: {
    rulesBeforeIssue10: ScanSample[];
    /** Wall time of the project scan loop, ms, per round. */
    crossModuleOn: number[];
    crossModuleOff: number[];
    /** CPU time of the same loop, ms, per round (absent in runs made before it was recorded). */
    crossModuleOnCpu?: number[];
    crossModuleOffCpu?: number[];
    newRules: string[];
  };
  /** `debounceMs`: the one fixed debounce of runs made before it adapted to the file (LatencyRun.debounceMs since). */
  latency: { debounceMs?: number; lspIdle: LatencyRun[]; lspDuringScan: LatencyRun[]; inProcess: InProcessRun[] };
  jobs: { available: false; reason: string } | { available: true; byJobs: Record<string, ScanSample[]> };
  largeFiles: LargeFileRun[];
}
