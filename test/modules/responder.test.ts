import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { AssetType, TerraformAsset, Testing } from 'cdktf';
// The matchers' types (test/setup.ts installs them at run time).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { Responder } from '../../modules/responder';
import { guardDutyPattern } from '../../modules/shared/rule-patterns';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A bundle folder with one handler, as the asset the construct points its function at. */
function bundleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'responder-bundle-'));
  made.push(dir);
  mkdirSync(join(dir, 'contain-lambda-function'));
  writeFileSync(join(dir, 'contain-lambda-function', 'index.js'), 'exports.handler = 1;\n');
  return dir;
}

function synth(needsOrganizations = false): string {
  const path = bundleDir();
  return Testing.synthScope((scope) => {
    new Responder(scope, 'responder', {
      name: 'contain-lambda-function',
      prefix: 'acme-ir',
      memberRoleName: 'Acme-IR-Role',
      logRetentionDays: 30,
      timeoutSeconds: 60,
      memoryMb: 256,
      needsOrganizations,
      partition: 'aws',
      accountId: '111122223333',
      organizationId: 'o-abcdefghij',
      alertsTopicArn: 'arn:aws:sns:us-east-1:111122223333:acme-ir-alerts',
      alertsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k',
      environment: { SECURITY_TAG_KEY: 'SecurityException' },
      rules: [
        {
          id: 'guardduty',
          description: 'GuardDuty findings',
          pattern: guardDutyPattern(['Backdoor:Lambda/C&CActivity.B']),
        },
      ],
      bundle: new TerraformAsset(scope, 'bundle', { path, type: AssetType.ARCHIVE }),
    });
  });
}

describe('Responder construct: narrow props', () => {
  it('names the function, role and log group from the prefix and sizes them as given', () => {
    // Act
    const json = synth();

    // Assert
    expect(json).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'acme-ir-contain-lambda-function',
      timeout: 60,
      memory_size: 256,
      handler: 'contain-lambda-function/index.handler',
    });
    expect(json).toHaveResourceWithProperties(IamRole, { name: 'acme-ir-contain-lambda-function' });
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/acme-ir-contain-lambda-function',
      retention_in_days: 30,
    });
  });

  it('creates one rule per declared source, with the raw pattern', () => {
    // Act
    const json = synth();

    // Assert
    expect(json).toHaveResourceWithProperties(CloudwatchEventRule, {
      event_pattern: JSON.stringify(guardDutyPattern(['Backdoor:Lambda/C&CActivity.B'])),
    });
  });

  it('lets the role assume only the given member role, and read OUs only when asked', () => {
    // Act
    const without = synth(false);
    const withOus = synth(true);

    // Assert
    expect(without).toContain('Acme-IR-Role');
    expect(without).not.toContain('organizations:ListParents');
    expect(withOus).toContain('organizations:ListParents');
  });
});
