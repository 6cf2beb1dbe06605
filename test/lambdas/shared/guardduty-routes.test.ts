import { defaultFindingTypes } from '../../../lambdas/registry/responders';
import { containerOf, matchesWildcard } from '../../../lambdas/shared/guardduty-routes';

const DEFAULTS = defaultFindingTypes();

describe('guardduty-routes: wildcard matching as EventBridge does it', () => {
  it.each([
    ['*:Runtime/*', 'Execution:Runtime/ReverseShell', true],
    ['*:Runtime/*', 'Execution:EC2/MaliciousFile', false],
    ['*:Runtime/*', ':Runtime/', true],
    ['Execution:EC2/MaliciousFile', 'Execution:EC2/MaliciousFile', true],
    ['Execution:EC2/MaliciousFile', 'Execution:EC2/MaliciousFile!AMI', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
  ])('%s against %s is %s', (pattern, value, expected) => {
    expect(matchesWildcard(pattern, value)).toBe(expected);
  });
});

describe('guardduty-routes: which responder contains a finding', () => {
  it('sends runtime and malware findings on an instance to isolate-ec2', () => {
    expect(containerOf('Execution:Runtime/ReverseShell', 'Instance', DEFAULTS)).toBe('isolate-ec2');
    expect(containerOf('Execution:EC2/MaliciousFile', 'Instance', DEFAULTS)).toBe('isolate-ec2');
  });

  it('sends runtime and ECS malware findings on an ECS task to isolate-ecs-task, none on EKS', () => {
    expect(containerOf('Execution:Runtime/ReverseShell', 'ECSCluster', DEFAULTS)).toBe(
      'isolate-ecs-task',
    );
    expect(containerOf('Execution:ECS/MaliciousFile', 'ECSCluster', DEFAULTS)).toBe(
      'isolate-ecs-task',
    );
    expect(containerOf('Execution:ECS/SuspiciousFile', 'ECSCluster', DEFAULTS)).toBeUndefined();
    expect(containerOf('Execution:Runtime/ReverseShell', 'EKSCluster', DEFAULTS)).toBeUndefined();
  });

  it('sends S3 findings that name a key, and IAM findings, to block-principal', () => {
    expect(containerOf('Exfiltration:S3/MaliciousIPCaller', 'S3Bucket', DEFAULTS)).toBe(
      'block-principal',
    );
    expect(containerOf('UnauthorizedAccess:IAMUser/TorIPCaller', 'AccessKey', DEFAULTS)).toBe(
      'block-principal',
    );
  });

  it('sends a bucket made public to restore-bucket-public-access', () => {
    expect(containerOf('Policy:S3/BucketBlockPublicAccessDisabled', 'S3Bucket', DEFAULTS)).toBe(
      'restore-bucket-public-access',
    );
    expect(
      containerOf('Policy:S3/AccountBlockPublicAccessDisabled', 'S3Bucket', DEFAULTS),
    ).toBeUndefined();
  });

  it('contains nothing of a configured type on the wrong resource type', () => {
    expect(containerOf('Backdoor:EC2/C&CActivity.B', 'AccessKey', DEFAULTS)).toBeUndefined();
  });

  it('follows the configuration: a type removed from the list is no longer contained', () => {
    const types = { ...DEFAULTS, 'isolate-ec2': [] };

    expect(containerOf('Backdoor:EC2/C&CActivity.B', 'Instance', types)).toBeUndefined();
    // The instance threats are contained whatever the list says.
    expect(containerOf('Impact:Runtime/CryptoMinerExecuted', 'Instance', types)).toBe(
      'isolate-ec2',
    );
  });
});
