import { cleanUpKafka } from './kafka-cleanup';

describe('cleanUpKafka', () => {
  it.each(['', 'identity.', 't-.', 'tabcdef12', 't.abcdef12.'])(
    'refuses the prefix "%s", before it reaches the broker',
    async (topicPrefix) => {
      await expect(cleanUpKafka({ topicPrefix })).rejects.toThrow('refusing to delete topics by the prefix');
    },
  );
});
