import { SEED_GUARDDUTY_RECORDING, seedIsolation, seedSequential } from '../../bench/seed';

describe('seed counts: isolation as the issue describes it', () => {
  it('counts 5 + N sequential calls to the last interface and 8 + N in all', () => {
    // Arrange, Act
    const one = seedIsolation(1, 1);
    const three = seedIsolation(3, 1);

    // Assert
    expect([one.sequential, one.total]).toEqual([6, 9]);
    expect([three.sequential, three.total]).toEqual([8, 11]);
    expect(one.caveat).toBeUndefined();
  });

  it('notes that the seed cannot isolate interfaces in a second VPC', () => {
    // Arrange, Act
    const seed = seedIsolation(3, 2);

    // Assert
    expect(seed.caveat).toMatch(/second VPC/);
  });
});

describe('seed counts: a straightforward sequential responder', () => {
  it('assumes the member role once before the first call of each client', () => {
    // Arrange, Act
    const seed = seedSequential(
      ['s3:GetBucketTagging', 'ssm:StartAutomationExecution'],
      ['sns:Publish'],
    );

    // Assert
    expect(seed.sequential).toBe(4);
    expect(seed.total).toBe(5);
    expect(seed.derivation).toBe(
      'assumed: sts:AssumeRole -> s3:GetBucketTagging -> sts:AssumeRole -> ssm:StartAutomationExecution -> sns:Publish',
    );
  });

  it('awaits every call of one client in turn after one AssumeRole', () => {
    // Arrange, Act
    const seed = seedSequential(
      ['iam:GetUser', 'iam:UpdateAccessKey', 'iam:AttachUserPolicy', 'iam:PutUserPolicy'],
      SEED_GUARDDUTY_RECORDING,
    );

    // Assert
    expect([seed.sequential, seed.total]).toEqual([5, 8]);
  });
});
