// `rugged sarif merge`: joins the logs of a CI matrix's `rugged scan --shard K/N` jobs into the one
// log a single job would have written, for one upload to code scanning.
import { resolve } from 'node:path';
import type * as Sarif from 'sarif';
import { describeRefusal, HARD_READ_CAP_BYTES, readRegularTextSync } from '../../files/readRegularFile';
import { mergeShardLogs } from '../../sarif/mergeShards';
import { jsonForTerminal } from '../../shared/terminalText';
import { UsageError, type Command } from '../context';
import { ExitCode } from '../exitCodes';
import { writeOutputFile } from '../outputFile';

function readLog(file: string, name: string): Sarif.Log {
  const read = readRegularTextSync(file, HARD_READ_CAP_BYTES);
  if (!read.ok) throw new UsageError(`cannot read ${name}: ${read.reason === 'missing' ? 'file not found' : describeRefusal(read)}`);
  try {
    return JSON.parse(read.text.replace(/^\uFEFF/, '')) as Sarif.Log;
  } catch (error) {
    throw new UsageError(`${name} is not valid JSON (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`);
  }
}

export const sarifCommand: Command = {
  name: 'sarif',
  summary: 'Merge the SARIF logs of sharded scans into one',
  usage: 'rugged sarif merge <shard.sarif...> [--output FILE]',
  options: {
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write the merged log to FILE instead of stdout.' },
  },
  details: [
    'Each log must come from "rugged scan -f sarif --shard K/N" with the same N, Rugged version and',
    'configuration, and every shard from 1 to N must be given once; the merged log then equals the',
    'log of one scan over all files (same results, fingerprints and order).',
    '',
    'Exit codes: 0 merged, 2 a missing, repeated or mismatched shard, or an unreadable file.',
  ].join('\n'),
  run(args, context) {
    const [action, ...files] = args.positionals;
    if (action !== 'merge') throw new UsageError(action === undefined ? 'missing action: rugged sarif merge <files...>' : `unknown action "${action}" (expected merge)`);
    if (files.length === 0) throw new UsageError('rugged sarif merge needs the shards\' SARIF files');
    const logs = files.map((file) => readLog(resolve(context.io.cwd, file), file));
    const merged = mergeShardLogs(logs, files);
    if (!merged.ok) throw new UsageError(`cannot merge: ${merged.error}`);
    const text = jsonForTerminal(merged.log);
    const output = args.options.output as string | undefined;
    if (output === undefined) {
      context.io.stdout.write(text);
    } else {
      const failure = writeOutputFile(resolve(context.io.cwd, output), text);
      if (failure) throw new UsageError(`cannot write ${output}${failure.code ? ` (${failure.code})` : ''}`);
    }
    return ExitCode.Ok;
  },
};
