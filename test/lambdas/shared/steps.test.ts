import { StepLog } from '../../../lambdas/shared/steps';

describe('StepLog: recording', () => {
  it('keeps done, planned and failed steps in the order they happen', () => {
    // Arrange
    const log = new StepLog();

    // Act
    log.planned('ec2:CreateSecurityGroup', 'vpc-0123456789abcdef0', 'quarantine group');
    log.done('ec2:CreateTags', 'i-0a1b2c3d4e5f67890');
    log.failed('ec2:ModifyInstanceAttribute', 'i-0a1b2c3d4e5f67890', 'AccessDenied');

    // Assert
    expect(log.steps).toStrictEqual([
      {
        action: 'ec2:CreateSecurityGroup',
        target: 'vpc-0123456789abcdef0',
        status: 'planned',
        detail: 'quarantine group',
      },
      { action: 'ec2:CreateTags', target: 'i-0a1b2c3d4e5f67890', status: 'done' },
      {
        action: 'ec2:ModifyInstanceAttribute',
        target: 'i-0a1b2c3d4e5f67890',
        status: 'failed',
        detail: 'AccessDenied',
      },
    ]);
  });

  it('starts empty', () => {
    expect(new StepLog().steps).toEqual([]);
  });
});

describe('StepLog.run', () => {
  it('returns the change’s result and records the step as done', async () => {
    // Arrange
    const log = new StepLog();

    // Act
    const result = await log.run(
      'ec2:CreateTags',
      'i-0a1b2c3d4e5f67890',
      async () => 'tagged',
      'k=v',
    );

    // Assert
    expect(result).toBe('tagged');
    expect(log.steps).toStrictEqual([
      { action: 'ec2:CreateTags', target: 'i-0a1b2c3d4e5f67890', status: 'done', detail: 'k=v' },
    ]);
  });

  it('records the step as failed and rethrows the same error, keeping earlier steps', async () => {
    // Arrange
    const log = new StepLog();
    const error = Object.assign(new Error('denied'), { name: 'AccessDenied' });
    await log.run('ec2:CreateTags', 'i-1', async () => undefined);

    // Act
    const run = log.run('ec2:ModifyInstanceAttribute', 'i-1', async () => {
      throw error;
    });

    // Assert
    await expect(run).rejects.toBe(error);
    expect(log.steps.map((s) => `${s.status} ${s.action}`)).toEqual([
      'done ec2:CreateTags',
      'failed ec2:ModifyInstanceAttribute',
    ]);
  });

  it('records nothing before the change settles', async () => {
    // Arrange
    const log = new StepLog();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });

    // Act
    const run = log.run('ec2:CreateTags', 'i-1', () => gate);
    const before = log.steps.length;
    release();
    await run;

    // Assert
    expect([before, log.steps.length]).toEqual([0, 1]);
  });
});
