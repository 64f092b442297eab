// Line-by-line questions on a terminal, for commands that ask before they write (`rugged story`).
// Questions go to stderr so stdout carries only the command's result, even when it is piped.
import { createInterface } from 'node:readline';
import type { InputStream, OutputStream } from './context';

/**
 * The input ended (Ctrl+D, a closed or failing stdin) before an answer. Silence is not consent:
 * callers treat it as "no", never as the default.
 */
export class InputEnded extends Error {
  constructor() {
    super('input ended before an answer');
  }
}

export interface Prompter {
  /** Shows the question and the default; an empty answer takes the default. Throws `InputEnded`. */
  ask(question: string, defaultAnswer: string): Promise<string>;
  /** Yes/no with a default; answers starting with y or n count. Throws `InputEnded`. */
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
  close(): void;
}

export function createPrompter(input: InputStream, output: OutputStream): Prompter {
  const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    // An empty line is an answer (take the default); no line at all is not, so it cannot accept.
    const result = await iterator.next().catch(() => ({ done: true as const, value: undefined }));
    if (result.done) {
      output.write('\n');
      throw new InputEnded();
    }
    return String(result.value);
  };
  return {
    async ask(question, defaultAnswer) {
      output.write(`${question}${defaultAnswer ? ` [${defaultAnswer}]` : ''}: `);
      const answer = (await next()).trim();
      return answer === '' ? defaultAnswer : answer;
    },
    async confirm(question, defaultYes) {
      output.write(`${question} [${defaultYes ? 'Y/n' : 'y/N'}]: `);
      const answer = (await next()).trim().toLowerCase();
      if (answer === '') return defaultYes;
      return answer.startsWith('y');
    },
    close() {
      lines.close();
    },
  };
}
