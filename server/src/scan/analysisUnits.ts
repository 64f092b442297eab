// Which files of a project may be analysed at the same time without changing any result.
//
// One thread analyses the files in `graph.order` (a post-order walk of the imports), each with the
// summaries of the files before it. A file only ever reads the summaries of files it reaches
// through imports (its targets and, through re-exports, theirs). In a post-order walk every file a
// file reaches comes before it unless the two are in one import cycle (one strongly connected
// component). So the components are the units: a unit starts once every unit its files import
// from is complete, and runs its own files one after another in `graph.order`; a file then sees
// exactly the summaries it would have seen on one thread, and files of unrelated units run in
// parallel.
import type { ModuleGraph } from './moduleGraph';

export interface AnalysisUnit {
  /** The unit's files, in `graph.order`. */
  files: string[];
  /** Indexes of the units that must be complete before this one starts. */
  after: number[];
}

export function analysisUnits(graph: ModuleGraph): AnalysisUnit[] {
  const component = stronglyConnected(graph);
  const position = new Map(graph.order.map((path, index) => [path, index]));
  const units: AnalysisUnit[] = [];
  const unitOf = new Map<number, number>();
  // Units are numbered in the order their first file appears, so unit i only waits for units < i.
  for (const path of graph.order) {
    const id = component.get(path)!;
    let unit = unitOf.get(id);
    if (unit === undefined) {
      unit = units.length;
      unitOf.set(id, unit);
      units.push({ files: [], after: [] });
    }
    units[unit].files.push(path);
  }
  units.forEach((unit, index) => {
    unit.files.sort((a, b) => position.get(a)! - position.get(b)!);
    const after = new Set<number>();
    for (const path of unit.files) {
      for (const target of graph.edges.get(path)?.values() ?? []) {
        const other = unitOf.get(component.get(target) ?? -1);
        if (other !== undefined && other !== index) after.add(other);
      }
    }
    unit.after = [...after].sort((a, b) => a - b);
  });
  return units;
}

/** Tarjan's strongly connected components, iterative so a long import chain cannot overflow the stack. */
function stronglyConnected(graph: ModuleGraph): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  for (const start of graph.order) {
    if (index.has(start)) continue;
    const frames: { path: string; targets: string[]; next: number }[] = [];
    const open = (path: string) => {
      index.set(path, counter);
      low.set(path, counter);
      counter++;
      stack.push(path);
      onStack.add(path);
      frames.push({ path, targets: [...(graph.edges.get(path)?.values() ?? [])], next: 0 });
    };
    open(start);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++];
        if (!index.has(target)) open(target);
        else if (onStack.has(target)) low.set(frame.path, Math.min(low.get(frame.path)!, index.get(target)!));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.path, Math.min(low.get(parent.path)!, low.get(frame.path)!));
      if (low.get(frame.path) === index.get(frame.path)) {
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== frame.path);
        components++;
      }
    }
  }
  return component;
}
