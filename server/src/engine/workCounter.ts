// What an analysis cost, counted in units of work rather than time, so a test can hold the engine
// to linear cost in file size on any machine, however busy. Counting is optional and cheap: the
// front ends never pass a counter.

export interface WorkCounter {
  /** Characters handed to the parser: the file once, plus every fix-verification re-analysis. */
  parsedChars: number;
  /** AST nodes visited by the engine's walks (the rules' walk, parent recording, summaries). */
  nodesVisited: number;
  /** Data-flow steps, the unit the flow budget counts (scope lookups, values, guards examined). */
  flowSteps: number;
  /** Whole-file re-analyses made to verify fixes. */
  reanalyses: number;
}

export function newWorkCounter(): WorkCounter {
  return { parsedChars: 0, nodesVisited: 0, flowSteps: 0, reanalyses: 0 };
}
