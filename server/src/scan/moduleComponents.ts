// The strongly connected components of the module graph, each after the components it imports
// (Tarjan's algorithm, iterative so a long import chain cannot overflow the stack). A component of
// more than one file is an import cycle: its summaries are iterated to a fixed point together.

/**
 * Components in dependency order: every component comes after the ones its files import. Inside a
 * component, files come deepest first, the order a post-order walk would finish them in.
 */
export function stronglyConnectedComponents(paths: readonly string[], targetsOf: (path: string) => Iterable<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const sortedTargets = (path: string) => [...targetsOf(path)].sort();
  for (const start of [...paths].sort()) {
    if (index.has(start)) continue;
    const work: { path: string; next: string[] }[] = [];
    const enter = (path: string) => {
      index.set(path, counter);
      low.set(path, counter);
      counter++;
      stack.push(path);
      onStack.add(path);
      work.push({ path, next: sortedTargets(path) });
    };
    enter(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const target = top.next.shift();
      if (target !== undefined) {
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(top.path, Math.min(low.get(top.path) ?? 0, index.get(target) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.path, Math.min(low.get(parent.path) ?? 0, low.get(top.path) ?? 0));
      if (low.get(top.path) !== index.get(top.path)) continue;
      const component: string[] = [];
      for (;;) {
        const member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
        if (member === top.path) break;
      }
      components.push(component);
    }
  }
  return components;
}
