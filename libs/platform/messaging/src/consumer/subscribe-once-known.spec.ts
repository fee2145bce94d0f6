import type { Consumer } from 'kafkajs';
import { subscribeOnceKnown } from './event-consumer';

const unknownTopic = Object.assign(new Error('This server does not host this topic-partition'), {
  type: 'UNKNOWN_TOPIC_OR_PARTITION',
});

describe('subscribing to topics another service created a moment ago', () => {
  it('retries while the broker does not know a topic yet, then subscribes', async () => {
    const subscribe = jest
      .fn<ReturnType<Consumer['subscribe']>, Parameters<Consumer['subscribe']>>()
      .mockRejectedValueOnce(unknownTopic)
      .mockRejectedValueOnce(unknownTopic)
      .mockResolvedValueOnce(undefined);
    await subscribeOnceKnown({ subscribe }, ['t1.identity.org.created.v1']);
    expect(subscribe).toHaveBeenCalledTimes(3);
    expect(subscribe).toHaveBeenLastCalledWith({
      topics: ['t1.identity.org.created.v1'],
      fromBeginning: true,
    });
  });

  it('fails at once on any other error', async () => {
    const subscribe = jest.fn().mockRejectedValue(new Error('SASL authentication failed'));
    await expect(subscribeOnceKnown({ subscribe }, ['t1.x.v1'])).rejects.toThrow(
      'SASL authentication failed',
    );
    expect(subscribe).toHaveBeenCalledTimes(1);
  });
});
