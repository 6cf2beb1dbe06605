import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('links only to files of the repository, and every one exists', () => {
    // Markdown links that are not URLs or anchors: [text](path) or [text](path#anchor).
    const targets = [...README.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map((m) => m[1] as string)
      .filter((t) => !/^[a-z]+:/.test(t));
    const outside = targets.filter((t) => t.startsWith('..') || t.startsWith('/'));
    const missing = targets.filter((t) => !existsSync(join(ROOT, t)));
    expect({ outside, missing }).toEqual({ outside: [], missing: [] });
  });

  it('refers to no folder outside the repository', () => {
    expect(README).not.toMatch(/\.\.\/shared|\/work\//);
  });

  it('walks a new user through configure, deploy, roll out, verify and uninstall', () => {
    const headings = [...README.matchAll(/^##+ (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(
      expect.arrayContaining([
        'Configuration',
        'Configuration reference',
        'Deploy',
        'Deploy where the registry is unreachable or pinned',
        'CDKTF is no longer developed upstream',
        'Roll out',
        'Verify',
        'Send one finding through the deployed pipeline',
        'Uninstall',
        'Supported Node versions',
      ]),
    );
  });
});
