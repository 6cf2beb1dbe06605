import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

// Every dynamic `import()` in the Lambda code runs once per container, through `lazyModule`
// (lambdas/shared/lazy.ts). An `import()` per call builds a new namespace object per call wherever
// it is compiled to CommonJS (ts-node, jest): thousands of bindings for an SDK client module, which
// made the burst benchmark's peak memory twice its baseline (docs/performance.md, Burst memory).

const ROOT = join(__dirname, '..', '..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function isLazyModuleCall(node: ts.Node): boolean {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'lazyModule'
  );
}

/** `file:line` of every `import()` call in `text` that no `lazyModule(...)` call encloses. */
function unkeptImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      let parent: ts.Node | undefined = node.parent;
      while (parent && !isLazyModuleCall(parent)) parent = parent.parent;
      if (!parent) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push(`${file}:${line + 1}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('dynamic imports in the Lambda code', () => {
  it('loads every module through lazyModule, once per container', () => {
    // Arrange
    const files = sourcesUnder(join(ROOT, 'lambdas'));

    // Act
    const unkept = files.flatMap((f) => unkeptImports(relative(ROOT, f), readFileSync(f, 'utf8')));

    // Assert
    expect(files.length).toBeGreaterThan(50);
    expect(unkept).toEqual([]);
  });

  it('names an import() called per use, and accepts one inside lazyModule or a type', () => {
    // Arrange
    const text = [
      "type M = typeof import('@aws-sdk/client-sns');",
      "const load = lazyModule(() => import('@aws-sdk/client-sns'));",
      "const logger = lazyModule(async () => (await import('./logger')).make());",
      'async function perCall() {',
      "  return (await import('@aws-sdk/client-sqs')).SQSClient;",
      '}',
    ].join('\n');

    // Act
    const unkept = unkeptImports('sample.ts', text);

    // Assert
    expect(unkept).toEqual(['sample.ts:5']);
  });
});
