import { join } from 'node:path';
import { circlesOf, type ImportGraph, importGraph } from './import-graph';

// The import graph of the production sources: no circle, and dependencies that point one way
// (responder -> shared -> registry). Each test lists every offender at once.

const ROOT = join(__dirname, '..', '..');
const PRODUCTION = ['lambdas', 'modules', 'stacks', 'cli', 'main.ts', 'bin', 'bench'];
const graph = importGraph(ROOT, PRODUCTION);

const edges = (g: ImportGraph): [string, string][] =>
  [...g].flatMap(([from, tos]) => tos.map((to): [string, string] => [from, to]));
const isResponderFile = (f: string): boolean =>
  /^lambdas\/[^/]+\//.test(f) && !/^lambdas\/(shared|registry)\//.test(f);
const show = ([from, to]: [string, string]): string => `${from} -> ${to}`;

/** Every file reachable from `start` (itself included). */
function reachable(start: string): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const to of graph.get(queue.shift() as string) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

describe('import graph: circles', () => {
  it('reads the production sources', () => {
    expect(graph.has('lambdas/shared/handler.ts')).toBe(true);
    expect(graph.get('cli/release.ts')).toContain('cli/entry-points.ts');
  });

  it('finds no circle in the production code', () => {
    expect(circlesOf(graph)).toEqual([]);
  });

  it('names every circle of a graph, with a path through it', () => {
    // Arrange: a three-file circle, a two-file one, a self-import and a tree
    const sample = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['e.ts']],
      ['e.ts', ['d.ts']],
      ['f.ts', ['f.ts']],
      ['g.ts', ['a.ts', 'h.ts']],
      ['h.ts', []],
    ]);
    // Act
    const circles = circlesOf(sample);
    // Assert
    expect(circles).toEqual([
      'a.ts -> b.ts -> c.ts -> a.ts',
      'd.ts -> e.ts -> d.ts',
      'f.ts -> f.ts',
    ]);
  });

  it('counts type-only imports and re-exports as edges', () => {
    // lambdas/shared/catalogue.ts re-exports the resource kinds; declaration.ts imports a type.
    expect(graph.get('lambdas/shared/catalogue.ts')).toContain(
      'lambdas/registry/resource-kinds.ts',
    );
    expect(graph.get('lambdas/registry/declaration.ts')).toContain('lambdas/registry/runbooks.ts');
  });
});

describe('import graph: dependencies point one way', () => {
  it('keeps the registry free of imports from outside it', () => {
    const offenders = edges(graph).filter(
      ([from, to]) => from.startsWith('lambdas/registry/') && !to.startsWith('lambdas/registry/'),
    );
    expect(offenders.map(show)).toEqual([]);
  });

  it('keeps lambdas/shared free of imports from responders, modules, stacks and the CLI', () => {
    const offenders = edges(graph).filter(
      ([from, to]) =>
        from.startsWith('lambdas/shared/') && !/^lambdas\/(shared|registry)\//.test(to),
    );
    expect(offenders.map(show)).toEqual([]);
  });

  it('keeps the responders free of imports from modules, stacks and the CLI', () => {
    const offenders = edges(graph).filter(
      ([from, to]) => from.startsWith('lambdas/') && !to.startsWith('lambdas/'),
    );
    expect(offenders.map(show)).toEqual([]);
  });

  it('lets no module, stack or CLI file import a responder folder (the CLI loads them by name)', () => {
    const offenders = edges(graph).filter(
      ([from, to]) => /^(modules|stacks|cli)\/|^main\.ts$/.test(from) && isResponderFile(to),
    );
    expect(offenders.map(show)).toEqual([]);
  });

  it('keeps release planners out of every Lambda bundle', () => {
    const handlers = [...graph.keys()].filter((f) => /^lambdas\/[^/]+\/index\.ts$/.test(f));
    const offenders = handlers.flatMap((h) =>
      [...reachable(h)]
        .filter((f) => /^lambdas\/[^/]+\/release\.ts$|^lambdas\/shared\/release-/.test(f))
        .map((f) => `${h} reaches ${f}`),
    );
    expect(handlers.length).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });
});
