import { lazyModule, preloading } from '../../../lambdas/shared/lazy';

describe('lazy module: loaded once, on first use', () => {
  it('loads on the first call and returns the same module after', async () => {
    const load = jest.fn(async () => ({ answer: 42 }));
    const get = lazyModule(load);

    expect(load).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([get(), get()]);

    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed load', async () => {
    const load = jest
      .fn<Promise<{ answer: number }>, []>()
      .mockRejectedValueOnce(new Error('ENOENT: chunk missing'))
      .mockResolvedValueOnce({ answer: 42 });
    const get = lazyModule(load);

    await expect(get()).rejects.toThrow('ENOENT: chunk missing');
    await expect(get()).resolves.toEqual({ answer: 42 });
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('preloading handler: the load starts as the invocation begins', () => {
  it('starts the load before the handler runs and passes the event and context through', async () => {
    const order: string[] = [];
    const preload = jest.fn(async () => {
      order.push('load');
    });
    const handler = preloading(preload, async (event: { id: string }, context?: { n: number }) => {
      order.push(`handle ${event.id} ${context?.n}`);
      return 'done';
    });

    await expect(handler({ id: 'e1' }, { n: 7 })).resolves.toBe('done');
    expect(order).toEqual(['load', 'handle e1 7']);
  });

  it('leaves a failed load to the responder that awaits it, with no unhandled rejection', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    const get = lazyModule(async () => {
      throw new Error('chunk missing');
    });
    const handler = preloading(get, async () => (await get()) as never);

    await expect(handler()).rejects.toThrow('chunk missing');
    await new Promise((resolve) => setImmediate(resolve));

    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
