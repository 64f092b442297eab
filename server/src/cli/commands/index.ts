// Every subcommand of `rugged`, in the order `rugged --help` lists them. To add one, write
// `commands/<name>.ts` exporting a `Command` and add it to this array: that is the only change.
import type { Command } from '../context';
import { acceptCommand } from './accept';
import { reportCommand } from './report';
import { rulesCommand } from './rules';
import { sarifCommand } from './sarif';
import { scanCommand } from './scan';
import { storyCommand } from './story';
import { summariesCommand } from './summaries';

export const commands: readonly Command[] = [
  scanCommand,
  rulesCommand,
  storyCommand,
  reportCommand,
  summariesCommand,
  sarifCommand,
  acceptCommand,
];
