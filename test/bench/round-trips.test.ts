import { RoundTripTracker } from '../../bench/round-trips';

const isWrite = (action: string) => action.startsWith('w:');

describe('round-trip tracker: depth of sequential and parallel calls', () => {
  it('gives a chain of awaited calls the depths 1, 2, 3', async () => {
    // Arrange
    const tracker = new RoundTripTracker(5);
    tracker.restart();

    // Act
    await tracker.call('r:read', () => 1);
    await tracker.call('w:first', () => 2);
    await tracker.call('w:second', () => 3);

    // Assert
    expect(tracker.calls.map((c) => [c.action, c.depth])).toEqual([
      ['r:read', 1],
      ['w:first', 2],
      ['w:second', 3],
    ]);
    expect(tracker.summary(isWrite)).toEqual(
      expect.objectContaining({ sequential: 3, depthOfAll: 3, totalCalls: 3 }),
    );
  });

  it('gives calls sent together one depth and counts them once on the path', async () => {
    // Arrange
    const tracker = new RoundTripTracker(5);
    tracker.restart();

    // Act
    await tracker.call('r:read', () => 0);
    await Promise.all([
      tracker.call('w:move', () => 0),
      tracker.call('w:move', () => 0),
      tracker.call('w:tag', () => 0),
    ]);
    await tracker.call('n:notify', () => 0);

    // Assert
    const path = tracker.summary(isWrite);
    expect(path.sequential).toBe(2);
    expect(path.depthOfAll).toBe(3);
    expect(path.totalCalls).toBe(5);
    expect(path.chain).toEqual(['r:read', 'w:move x2 || w:tag', 'n:notify']);
  });

  it('measures the time to the last selected call, which agrees with its depth', async () => {
    // Arrange: fake timers (and hrtime), so a busy machine cannot delay the timers under test.
    jest.useFakeTimers();
    try {
      const tracker = new RoundTripTracker(50);
      tracker.restart();

      // Act
      const calls = (async () => {
        await tracker.call('r:read', () => 0);
        await tracker.call('w:change', () => 0);
        await tracker.call('n:notify', () => 0);
      })();
      await jest.advanceTimersByTimeAsync(150);
      await calls;

      // Assert
      const path = tracker.summary(isWrite);
      expect(path.elapsedMs).toBe(100);
      expect(path.agrees).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('says a time does not agree with its depth when a timer was late', async () => {
    // Arrange
    jest.useFakeTimers();
    try {
      const tracker = new RoundTripTracker(50);
      tracker.restart();

      // Act: the read is answered 40 ms late, as on a loaded machine.
      const late = () => new Promise<number>((resolve) => setTimeout(() => resolve(0), 40));
      const calls = (async () => {
        await tracker.call('r:read', late);
        await tracker.call('w:change', () => 0);
      })();
      await jest.advanceTimersByTimeAsync(140);
      await calls;

      // Assert
      const path = tracker.summary(isWrite);
      expect(path.sequential).toBe(2);
      expect(path.elapsedMs).toBe(140);
      expect(path.agrees).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('marks a failed call and still counts the calls that follow it as deeper', async () => {
    // Arrange
    const tracker = new RoundTripTracker(1);
    tracker.restart();

    // Act
    await expect(
      tracker.call('w:throttled', () => {
        throw new Error('Rate exceeded');
      }),
    ).rejects.toThrow('Rate exceeded');
    await tracker.call('w:retry', () => 0);

    // Assert
    expect(tracker.calls.map((c) => [c.action, c.depth, c.failed])).toEqual([
      ['w:throttled', 1, true],
      ['w:retry', 2, false],
    ]);
  });

  it('reports an empty path when no call was selected, and restarts from zero', async () => {
    // Arrange
    const tracker = new RoundTripTracker(1);
    await tracker.call('r:read', () => 0);

    // Act
    tracker.restart();
    await tracker.call('r:again', () => 0);

    // Assert
    expect(tracker.summary(isWrite)).toEqual(
      expect.objectContaining({ sequential: 0, elapsedMs: 0, depthOfAll: 1, totalCalls: 1 }),
    );
  });
});
