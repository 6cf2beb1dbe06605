import { PERFORMANCE_DOC, replaceBetween, reportMarkdown } from '../../bench/doc';
import { ofTarget } from '../../bench/stats';

describe('bench report in the docs', () => {
  const doc = [
    '## Performance',
    'Prose before.',
    PERFORMANCE_DOC.start,
    'old figures',
    PERFORMANCE_DOC.end,
    'Prose after.',
  ].join('\n');

  it('replaces only the part between the markers and keeps the prose', () => {
    const out = replaceBetween(
      doc,
      reportMarkdown([{ title: 'Cold start', body: 'a | b\n' }], 'Run of x.'),
    );

    expect(out).not.toContain('old figures');
    expect(out).toContain('Prose before.');
    expect(out).toContain('Prose after.');
    expect(out).toContain('Run of x.\n\n**Cold start**\n\n```text\na | b\n```');
    expect(replaceBetween(out, 'again').match(/again/g)).toHaveLength(1);
  });

  it('refuses a document without its markers', () => {
    expect(() => replaceBetween('## Performance\nno markers', 'x')).toThrow(
      /markers .* are not in the document/,
    );
  });
});

describe('a figure against its target', () => {
  it('is the ratio to the target, ok up to 1.00', () => {
    expect(ofTarget(4, 4)).toBe('1.00 ok');
    expect(ofTarget(389_000, 1_000_000)).toBe('0.39 ok');
    expect(ofTarget(6, 4)).toBe('1.50 MISSED');
    expect(ofTarget(3, undefined)).toBe('-');
  });
});
