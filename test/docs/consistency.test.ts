/**
 * The facts the docs state that can be checked mechanically, checked against the code they
 * describe: how many responders (the registry), how many stacks (the app, with and without the
 * tag guard), the stack names given to cdktf, the Terraform version (FACTS.md: 1.11 tested), and
 * the operator commands (the command line as built) in `--help` and the README.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { buildProgram } from '../../cli/main';
import { RESPONDER_NAMES } from '../../lambdas/registry/responders';
import { parseConfig } from '../../modules/config/load';
import { createStacks } from '../../stacks/app';

const ROOT = join(__dirname, '..', '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
].map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

const NUMBERS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const COUNT = `(${NUMBERS.join('|')}|\\d+)`;
const countOf = (word: string): number =>
  /^\d+$/.test(word) ? Number(word) : NUMBERS.indexOf(word.toLowerCase());

/** Every "<count> <noun>" in the docs, with its paragraph. */
function counts(noun: string) {
  return DOCS.flatMap(({ file, text }) =>
    text.split(/\n\s*\n/).flatMap((paragraph) =>
      [...paragraph.matchAll(new RegExp(`\\b${COUNT} ${noun}\\b`, 'gi'))].map((m) => ({
        file,
        said: m[0],
        value: countOf(m[1] as string),
        paragraph,
      })),
    ),
  );
}

function stackNames(tagGuard: boolean): string[] {
  const config = parseConfig({
    securityAccountId: '111111111111',
    organization: { id: 'o-abcdefghij', rootId: 'r-ab12' },
    ...(tagGuard
      ? { tagGuard: { enabled: true, adminPrincipalArns: ['arn:aws:iam::111111111111:role/a'] } }
      : {}),
  });
  return createStacks(Testing.app(), config).map((s) => s.node.id);
}

describe('docs: numbers checked against the code', () => {
  it('counts the responders of the registry', () => {
    const wrong = counts('responders').filter((c) => c.value !== RESPONDER_NAMES.length);
    expect(wrong.map((c) => `${c.file}: "${c.said}"`)).toEqual([]);
  });

  it('counts the stacks of the app: two by default, three only beside the tag guard', () => {
    const plain = stackNames(false);
    const guarded = stackNames(true);
    expect([plain.length, guarded.length]).toEqual([2, 3]);
    const wrong = counts('stacks').filter(
      (c) =>
        !(
          c.value === plain.length ||
          (c.value === guarded.length && c.paragraph.includes('tag-guard'))
        ),
    );
    expect(wrong.map((c) => `${c.file}: "${c.said}"`)).toEqual([]);
  });

  it('names only stacks the app has in cdktf and destroy commands', () => {
    const known = stackNames(true);
    const named = DOCS.flatMap(({ file, text }) =>
      [...text.matchAll(/cdktf (?:deploy|destroy)\s+([a-z-]+)|npm run destroy -- ([a-z-]+)/g)].map(
        (m) => ({ file, name: (m[1] ?? m[2]) as string }),
      ),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !known.includes(n.name))).toEqual([]);
  });

  it('states one Terraform version, the one tested (FACTS.md: 1.11)', () => {
    const versions = DOCS.flatMap(({ file, text }) =>
      [...text.matchAll(/Terraform (?:≥ ?|>= ?|v)?(1\.\d+)/g)].map((m) => `${file}: ${m[0]}`),
    );
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => !v.endsWith('1.11'))).toEqual([]);
  });
});

describe('docs: the operator commands', () => {
  const program = buildProgram({ out: { write: () => 0 }, err: { write: () => 0 } }, () => {});
  const commands = program.commands.map((c) => c.name());

  it('lists every command in the --help summary', () => {
    expect(commands).toEqual(
      expect.arrayContaining([
        'grant',
        'revoke',
        'audit',
        'doctor',
        'respond',
        'release',
        'history',
      ]),
    );
    expect(commands.filter((c) => !program.description().includes(c))).toEqual([]);
  });

  it('shows every command in the docs section of the operator tool', () => {
    const heading = /^(#+) Operator tool\b.*$/m;
    const doc = DOCS.find((d) => heading.test(d.text));
    const match = doc ? heading.exec(doc.text) : null;
    const start = match?.index ?? 0;
    const level = match?.[1] ?? '##';
    const rest = (doc?.text ?? '').slice(start + (match?.[0].length ?? 0));
    const next = rest.search(new RegExp(`^#{1,${level.length}} `, 'm'));
    const section = next < 0 ? rest : rest.slice(0, next);
    expect(section.length).toBeGreaterThan(0);
    expect(commands.filter((c) => !section.includes(`security-ir ${c}`))).toEqual([]);
  });
});
