// Keystroke cost of cross-module flow, in process, measured the way the budgets row measures the
// project scan (the engine and the project's flow, no LSP in between): one project is loaded and
// settled, then the same seeded single-character edits of one file are analysed twice each,
// interleaved: without cross-module flow (the engine alone, as the server analyses a file outside a
// project) and with it (the project's `ProjectFlow`: set the text and settle the file, which is the
// keystroke's latency; then settle the rest, the background work it causes), the latter both as the
// server does it (the file's summary deferred to the background) and with the summary made at once.
//
//   node --import tsx scripts/bench-cross-module-edits.ts <project root> <file> [edits=40] [seed=7]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { allRules } from '../rules/index';
import { defaultEngineConfig } from '../server/src/engine/config';
import { analyze } from '../server/src/engine/run';
import type { SummarizedResult } from '../server/src/engine/summaries';
import { listFiles } from '../server/src/files/walk';
import { fileSystemHost } from '../server/src/scan/fileSystemHost';
import { createModuleResolver } from '../server/src/scan/moduleResolver';
import { ProjectFlow } from '../server/src/scan/projectFlow';
import { editSequence } from './speed/edits';

const [rootArg, fileArg, countArg, seedArg] = process.argv.slice(2);
if (!rootArg || !fileArg) throw new Error('usage: bench-cross-module-edits.ts <project root> <file> [edits] [seed]');
const root = resolve(rootArg);
const file = resolve(fileArg);
const config = defaultEngineConfig();
const options = { rules: allRules, config, today: '2026-01-01', verifyFixes: false };

const flow = new ProjectFlow<SummarizedResult>({
  resolver: createModuleResolver(root, fileSystemHost()),
  analyze: (path, text, imported, summarize) => analyze(text, path, { ...options, importedSummaries: imported, summarize }),
});
for (const path of listFiles([root], { root, ignore: [], maxFileSize: config.maxFileSize }).files) flow.set(path, readFileSync(path, 'utf8'));
for (const settled of flow.settle()) void settled;

const original = readFileSync(file, 'utf8');
// One untimed pass each, so the first sample is not the JIT's warm-up.
analyze(original, file, options);
const samples = { off: [] as number[], on: [] as number[], onInline: [] as number[], background: [] as number[], backgroundInline: [] as number[] };
let importersAnalysed = 0;
/** CPU time of `work` (user + system), steadier than wall time on a loaded machine. */
const cpu = (work: () => void) => {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};
const settleRest = () => {
  for (const settled of flow.settle()) if (settled !== file) importersAnalysed++;
};
for (const edit of editSequence(original, Number(countArg ?? 40), Number(seedArg ?? 7))) {
  samples.off.push(cpu(() => analyze(edit.text, file, options)));
  // As the server does it: the file's diagnostics first, its summary with the importers later.
  flow.set(file, edit.text);
  samples.on.push(cpu(() => flow.resultFor(file, { deferSummary: true })));
  samples.background.push(cpu(settleRest));
  // The same keystroke with the summary made at once (a trailing space makes the text new).
  flow.set(file, `${edit.text} `);
  samples.onInline.push(cpu(() => flow.resultFor(file)));
  samples.backgroundInline.push(cpu(settleRest));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const off = median(samples.off);
const cost = (values: number[]) => {
  const on = median(values);
  return `${Math.round(on)} ms (${on >= off ? '+' : ''}${(((on - off) / off) * 100).toFixed(1)}%)`;
};
console.log(
  JSON.stringify({
    file,
    lines: original.split('\n').length,
    edits: samples.on.length,
    offCpuMs: Math.round(off),
    onCpu: cost(samples.on),
    onInlineCpu: cost(samples.onInline),
    backgroundCpuMs: Math.round(median(samples.background)),
    backgroundInlineCpuMs: Math.round(median(samples.backgroundInline)),
    importersAnalysed,
    modules: flow.paths().length,
  }),
);
