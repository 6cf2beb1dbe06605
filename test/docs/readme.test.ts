import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { anchors, docFiles, headings, links, ROOT, readDoc } from '../support/markdown';

const README = readDoc('README.md');

/** Every relative link of a documentation file that does not lead to a file and heading. */
function brokenLinks(file: string): string[] {
  return links(readDoc(file))
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .filter((target) => {
      const [path = '', anchor] = target.split('#');
      const resolved = path === '' ? join(ROOT, file) : join(ROOT, dirname(file), path);
      const inside = relative(ROOT, resolved);
      if (inside.startsWith('..') || !existsSync(resolved)) return true;
      if (anchor === undefined || !resolved.endsWith('.md')) return false;
      return !anchors(readDoc(inside)).has(anchor);
    })
    .map((target) => `${file}: ${target}`);
}

describe('README and docs/', () => {
  it('link only to files of the repository and to headings that exist', () => {
    expect(docFiles().flatMap(brokenLinks)).toEqual([]);
  });

  it('refer to no folder outside the repository', () => {
    const outside = docFiles().filter((f) => /\.\.\/shared|\/work\//.test(readDoc(f)));
    expect(outside).toEqual([]);
  });
});

describe('README: the front door', () => {
  it('fits in about 300 lines', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(300);
  });

  it('shows the two set-up commands', () => {
    expect(README).toContain('npm ci && npx cdktf synth');
    expect(README).toMatch(/^npm test\s/m);
  });

  it('links to every page under docs/', () => {
    const linked = new Set(links(README).map((t) => t.split('#')[0]));
    const pages = docFiles().filter((f) => f !== 'README.md');
    expect(pages.filter((p) => !linked.has(p))).toEqual([]);
  });

  it('walks a new user through configure, deploy, roll out, verify and uninstall, by link', () => {
    const steps = [
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
    ];
    const linked = new Set(links(README).map((t) => t.split('#')[0]));
    const unreachable = steps.filter(
      (step) => !docFiles().some((f) => linked.has(f) && headings(readDoc(f)).includes(step)),
    );
    expect(unreachable).toEqual([]);
  });
});

describe('docs/: every page says what it is for', () => {
  it.each(docFiles().filter((f) => f !== 'README.md'))(
    '%s opens with a title and an introduction before its first section',
    (file) => {
      const [title, blank, intro] = readDoc(file).split('\n');
      expect({ title: /^# \S/.test(title ?? ''), blank, intro: /^\w/.test(intro ?? '') }).toEqual({
        title: true,
        blank: '',
        intro: true,
      });
    },
  );
});
