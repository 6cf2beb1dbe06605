import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadEntryPoint, loadExceptionTags, loadReleasePlanner } from '../../cli/entry-points';
import { loadTaggableKinds, RESOURCE_FORMS } from '../../cli/resource';
import { type ReadAction, readActionOf } from '../../lambdas/registry/declaration';
import { ownedKinds, taggableKinds } from '../../lambdas/registry/resource-kinds';
import {
  declarationOf,
  GUARDDUTY_RESPONDERS,
  RESPONDER_NAMES,
  RESPONDERS,
} from '../../lambdas/registry/responders';
import { AUDIT_READ_DECLARATIONS } from '../../lambdas/shared/catalogue';

// Meta tests of the responder registry: an entry that contradicts itself, the catalogue or the
// folders fails here, listing every offender at once.

const ROOT = join(__dirname, '..', '..');

/** Every .ts file under `dir` (recursively), or `dir` itself when it is a file. */
function tsFiles(dir: string): string[] {
  const path = join(ROOT, dir);
  if (statSync(path).isFile()) return [path];
  return readdirSync(path).flatMap((f) => {
    const full = join(path, f);
    if (statSync(full).isDirectory()) return tsFiles(relative(ROOT, full));
    return f.endsWith('.ts') ? [full] : [];
  });
}

describe('registry: each declaration is consistent', () => {
  it('reads the exception tag only with reads it declares', () => {
    const offenders = RESPONDER_NAMES.flatMap((n) => {
      const d = declarationOf(n);
      const reads = d.reads.map(readActionOf);
      return d.exception.readBy.filter((a) => !reads.includes(a)).map((a) => `${n}: ${a}`);
    });

    expect(offenders).toEqual([]);
  });

  it('scopes each read to one resource type everywhere it is declared', () => {
    const all: ReadAction[] = [
      ...RESPONDER_NAMES.flatMap((n): readonly ReadAction[] => declarationOf(n).reads),
      ...AUDIT_READ_DECLARATIONS,
    ];
    const scope = new Map<string, Set<string>>();
    for (const r of all) {
      const set = scope.get(readActionOf(r)) ?? new Set<string>();
      set.add(typeof r === 'string' ? '*' : r.on);
      scope.set(readActionOf(r), set);
    }
    const offenders = [...scope].filter(([, s]) => s.size > 1).map(([a, s]) => `${a}: ${[...s]}`);

    expect(offenders).toEqual([]);
  });

  it('names a runbook exactly in the default rules of a responder that takes one', () => {
    const offenders = RESPONDER_NAMES.flatMap((n) => {
      const config = declarationOf(n).config;
      return (config?.defaultRules ?? [])
        .filter((r) => (r.runbook !== undefined) !== (config?.takesRunbook === true))
        .map((r) => `${n}: ${r.name}`);
    });

    expect(offenders).toEqual([]);
  });

  it('lets at most one responder escalate notify-only Config rules', () => {
    expect(
      RESPONDER_NAMES.filter((n) => declarationOf(n).config?.escalatesNotify).length,
    ).toBeLessThanOrEqual(1);
  });

  it('gives every GuardDuty responder default finding types, none routed twice', () => {
    const seen = new Map<string, string>();
    const offenders: string[] = [];
    for (const n of GUARDDUTY_RESPONDERS) {
      const types = declarationOf(n).guardDuty?.defaultFindingTypes ?? [];
      if (types.length === 0) offenders.push(`${n}: no default finding type`);
      for (const t of types) {
        const other = seen.get(t);
        if (other) offenders.push(`${t}: ${other} and ${n}`);
        seen.set(t, n);
      }
    }

    expect(offenders).toEqual([]);
  });

  it('keeps custom actions within Security Hub limits, each identifier once', () => {
    const actions = RESPONDER_NAMES.flatMap((n) => {
      const a = declarationOf(n).customAction;
      return a ? [{ n, ...a }] : [];
    });
    // CreateActionTarget: Id ≤ 20 alphanumerics, Name ≤ 20, Description ≤ 256.
    // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_CreateActionTarget.html
    const offenders = actions
      .filter(
        (a) =>
          !/^[A-Za-z0-9]{1,20}$/.test(a.identifier) ||
          a.name.length > 20 ||
          a.description.length > 256,
      )
      .map((a) => a.n);
    const ids = actions.map((a) => a.identifier);

    expect(offenders).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('registry: each responder is one folder and one entry', () => {
  it('has a folder whose name.ts spells the registry key', () => {
    const offenders = RESPONDER_NAMES.filter((n) => {
      const file = readFileSync(join(ROOT, 'lambdas', n, 'name.ts'), 'utf8');
      return !file.includes(`export const NAME = '${n}'`);
    });

    expect(offenders).toEqual([]);
  });

  it('loads a handler from the folder of every registered name', async () => {
    const loaded = await Promise.all(
      RESPONDER_NAMES.map(async (n) => typeof (await loadEntryPoint(n)).handler),
    );

    expect(loaded).toEqual(RESPONDER_NAMES.map(() => 'function'));
  });

  it('loads a release planner from the folder of every responder that records a before-state', async () => {
    const recording = RESPONDER_NAMES.filter((n) =>
      existsSync(join(ROOT, 'lambdas', n, 'before.ts')),
    );
    const loaded = await Promise.all(
      recording.map(async (n) => typeof (await loadReleasePlanner({ kind: n }))),
    );

    expect(recording.length).toBeGreaterThan(5);
    expect(loaded).toEqual(recording.map(() => 'function'));
  });

  it('refuses a before-state whose kind is no registered responder', async () => {
    const forged = { kind: '../shared' } as unknown as Parameters<typeof loadReleasePlanner>[0];

    await expect(loadReleasePlanner(forged)).rejects.toThrow(
      'the before-state\'s kind "../shared" is no registered responder',
    );
  });

  it('lets `grant` tag every resource kind a responder reads the exception on', () => {
    // docs/exceptions.md: "security-ir grant does not handle ECS resources yet".
    const notYet = ['ecs:task', 'ecs:service', 'ecs:cluster'];
    const taggable = taggableKinds().map((k) => k.kind as string);
    const offenders = RESPONDER_NAMES.flatMap((n) =>
      declarationOf(n)
        .exception.on.filter((k) => !taggable.includes(k) && !notYet.includes(k))
        .map((k) => `${n}: ${k}`),
    );

    expect(offenders).toEqual([]);
  });

  it('loads the exception-tag code of every taggable kind from its owner, and no other kind', async () => {
    const owners = [...new Set(taggableKinds().map((k) => k.owner))];
    const defined = (
      await Promise.all(
        owners.map(async (o) => Object.keys(await loadExceptionTags(o)).map((k) => `${o} ${k}`)),
      )
    ).flat();

    expect((await loadTaggableKinds()).map((k) => typeof k.code.parse)).toEqual(
      taggableKinds().map(() => 'function'),
    );
    expect(defined.sort()).toEqual(
      taggableKinds()
        .map((k) => `${k.owner} ${k.kind}`)
        .sort(),
    );
  });

  it('lists every form of every taggable kind in the --resource help', () => {
    const missing = taggableKinds().flatMap((k) =>
      k.tag.forms.filter((f) => !RESOURCE_FORMS.includes(f)).map((f) => `${k.kind}: ${f}`),
    );

    expect(missing).toEqual([]);
  });
});

describe('registry: each resource kind has one owner', () => {
  it('declares every kind an entry, the audit or a runbook names, each exactly once', () => {
    const declared = ownedKinds().map((k) => k.kind as string);
    const named = new Set<string>([
      ...RESPONDER_NAMES.flatMap((n) => {
        const d = declarationOf(n);
        return [
          ...d.reads.flatMap((r) => (typeof r === 'string' ? [] : [r.on])),
          ...d.mutates.flatMap((m) => m.resources),
          ...d.exception.on,
          ...(d.exception.alsoOn ?? []),
        ];
      }),
      ...AUDIT_READ_DECLARATIONS.flatMap((r) => (typeof r === 'string' ? [] : [r.on])),
    ]);

    expect([...named].filter((k) => !declared.includes(k))).toEqual([]);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('names the owner in the error when a second entry declares a kind', () => {
    const spy = jest.replaceProperty(
      RESPONDERS['isolate-ecs-task'] as { kinds: unknown },
      'kinds',
      { 'ec2:instance': { arn: 'arn:{partition}:ec2:*:{account}:instance/*' } },
    );
    try {
      expect(() => ownedKinds()).toThrow(
        'resource kind ec2:instance is declared by isolate-ec2 and isolate-ecs-task',
      );
    } finally {
      spy.restore();
    }
  });

  it('declares kinds only in the entry of a responder whose folder exists', () => {
    const offenders = ownedKinds()
      .filter((k) => !existsSync(join(ROOT, 'lambdas', k.owner, 'name.ts')))
      .map((k) => `${k.owner}: ${k.kind}`);

    expect(offenders).toEqual([]);
  });

  it('spells no responder name as a string literal in stacks/, modules/, cli/, lambdas/shared/ or main.ts', () => {
    const names = Object.keys(RESPONDERS).join('|');
    const quoted = new RegExp(`['"\`](${names})['"\`]`);
    const offenders = ['stacks', 'modules', 'cli', join('lambdas', 'shared'), 'main.ts']
      .flatMap(tsFiles)
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (quoted.test(line) ? [`${relative(ROOT, file)}:${i + 1}`] : [])),
      );

    expect(offenders).toEqual([]);
  });
});
