// Every subcommand of `rugged`, in the order `rugged --help` lists them. To add one, write
// `commands/<name>.ts` exporting a `Command` and add it to this array: that is the only change.
import type { Command } from '../context';
import { rulesCommand } from './rules';
import { scanCommand } from './scan';

export const commands: readonly Command[] = [
  scanCommand,
  rulesCommand,
];
