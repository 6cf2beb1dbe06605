/**
 * The import graph of the project's own sources, read with the TypeScript compiler's own
 * pre-processor and module resolution: every relative `import`, `import type`, `export … from`,
 * `require()` and literal `import()` counts, since a type-only circle still ties two modules'
 * designs together.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Edges by file, paths relative to `root` with `/` separators. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const SOURCE = /\.(ts|js)$/;

function sourceFiles(root: string, entry: string): string[] {
  const path = join(root, entry);
  if (statSync(path).isFile()) return SOURCE.test(path) && !path.endsWith('.d.ts') ? [path] : [];
  return readdirSync(path).flatMap((f) => sourceFiles(root, relative(root, join(path, f))));
}

/** The graph of every source file under `entries` (folders or files), relative imports only. */
export function importGraph(root: string, entries: readonly string[]): ImportGraph {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    allowJs: true,
    resolveJsonModule: true,
  };
  const files = entries.flatMap((e) => sourceFiles(root, e));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      .flatMap((spec) => {
        const resolved = ts.resolveModuleName(spec, file, options, ts.sys).resolvedModule;
        return resolved && !resolved.isExternalLibraryImport
          ? [relative(root, resolved.resolvedFileName).split('\\').join('/')]
          : [];
      });
    graph.set(relative(root, file).split('\\').join('/'), [...new Set(targets)].sort());
  }
  return graph;
}

/**
 * The circles of `graph`: one per strongly connected component of more than one file (or a
 * file importing itself), each written as a closed path through the component, e.g.
 * `a.ts -> b.ts -> a.ts`. Tarjan's algorithm, iterative so that deep graphs cannot overflow.
 */
export function circlesOf(graph: ImportGraph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++];
        if (!graph.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(to) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.map((c) => closedPath(graph, c)).sort();
}

/** A shortest closed path from the component's first file back to itself, inside the component. */
function closedPath(graph: ImportGraph, component: readonly string[]): string {
  const inside = new Set(component);
  const from = component[0];
  const previous = new Map<string, string>();
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const to of graph.get(node) ?? []) {
      if (!inside.has(to)) continue;
      if (to === from) {
        const path = [node];
        for (let at = node; at !== from; ) {
          at = previous.get(at) as string;
          path.unshift(at);
        }
        const more =
          component.length > path.length
            ? ` (component of ${component.length} files: ${component.join(', ')})`
            : '';
        return `${[...path, from].join(' -> ')}${more}`;
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return component.join(' -> ');
}
