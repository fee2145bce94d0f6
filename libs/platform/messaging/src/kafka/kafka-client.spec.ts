import { randomBytes } from 'node:crypto';
import { PartitionerArgs, Partitioners } from 'kafkajs';
import { KeyHashPartitioner } from './kafka-client';

const metadata = (partitions: number): PartitionerArgs['partitionMetadata'] =>
  Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
    partitionErrorCode: 0,
  }));

describe('KeyHashPartitioner', () => {
  // The relay switched from DefaultPartitioner: a key that moved partition would let an aggregate's next
  // event overtake the ones still queued on its old partition.
  it('puts every key on the partition DefaultPartitioner picks', () => {
    const reference = Partitioners.DefaultPartitioner();
    const partitioner = KeyHashPartitioner();
    const keys: Array<string | Buffer> = [
      '',
      'p',
      'person-1',
      'person-1234567',
      '基准测试教师',
      ...Array.from({ length: 2_000 }, (_, i) => randomBytes(i % 41)),
      ...Array.from({ length: 2_000 }, (_, i) => `person-${i}`),
    ];
    for (const partitions of [1, 2, 3, 6, 7, 12]) {
      const partitionMetadata = metadata(partitions);
      for (const key of keys) {
        const args = { topic: 't', partitionMetadata, message: { key, value: 'v' } };
        expect(partitioner(args)).toBe(reference(args));
      }
    }
  });

  it('hashes a key given as bytes like the same key given as a string', () => {
    const partitioner = KeyHashPartitioner();
    const partitionMetadata = metadata(12);
    for (const key of ['person-42', '学校-3101010001']) {
      expect(partitioner({ topic: 't', partitionMetadata, message: { key, value: 'v' } })).toBe(
        partitioner({ topic: 't', partitionMetadata, message: { key: Buffer.from(key), value: 'v' } }),
      );
    }
  });

  it('keeps an explicit partition and spreads keyless messages over the partitions', () => {
    const partitioner = KeyHashPartitioner();
    const partitionMetadata = metadata(3);
    expect(
      partitioner({ topic: 't', partitionMetadata, message: { key: 'k', partition: 2, value: 'v' } }),
    ).toBe(2);
    const keyless = new Set(
      Array.from({ length: 6 }, () =>
        partitioner({ topic: 't', partitionMetadata, message: { value: 'v' } }),
      ),
    );
    expect(keyless.size).toBe(3);
  });
});
