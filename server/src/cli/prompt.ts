// Line-by-line questions on a terminal, for commands that ask before they write (`rugged story`).
// Questions go to stderr so stdout carries only the command's result, even when it is piped.
import { createInterface } from 'node:readline';
import type { InputStream, OutputStream } from './context';

export interface Prompter {
  /** Shows the question and the default; an empty answer takes the default. */
  ask(question: string, defaultAnswer: string): Promise<string>;
  /** Yes/no with a default; answers starting with y or n count. */
  confirm(question: string, defaultYes: boolean): Promise<boolean>;
  close(): void;
}

export function createPrompter(input: InputStream, output: OutputStream): Prompter {
  const lines = createInterface({ input, terminal: false, crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const result = await iterator.next();
    // The input ended (Ctrl+D): treat as an empty answer, which takes the default.
    return result.done ? '' : String(result.value);
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
