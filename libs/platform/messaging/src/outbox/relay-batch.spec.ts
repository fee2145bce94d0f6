import { chunk, consecutiveRuns, EVENT_ID_HEADER, toTopicMessages, UnsentOutboxRow } from './relay-batch';

const row = (
  id: number,
  topic: string,
  aggregateKey: string,
  headers: string | null = null,
): UnsentOutboxRow => ({
  id: String(id),
  eventId: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
  topic,
  aggregateKey,
  payload: `{"id":"${id}"}`,
  headers,
});

describe('toTopicMessages', () => {
  it('groups rows per prefixed topic and keeps id order within each topic', () => {
    const rows = [
      row(1, 'identity.person.updated.v1', 'p-1'),
      row(2, 'identity.org.updated.v1', 'o-1'),
      row(3, 'identity.person.updated.v1', 'p-2'),
      row(4, 'identity.person.updated.v1', 'p-1'),
    ];
    const batches = toTopicMessages(rows, 't42.');
    expect(batches.map((batch) => batch.topic)).toEqual([
      't42.identity.person.updated.v1',
      't42.identity.org.updated.v1',
    ]);
    expect(batches[0]!.messages.map((message) => [message.key, message.value])).toEqual([
      ['p-1', '{"id":"1"}'],
      ['p-2', '{"id":"3"}'],
      ['p-1', '{"id":"4"}'],
    ]);
  });

  it('sends the stored trace context and the event id as headers', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const [batch] = toTopicMessages([
      row(7, 'identity.person.updated.v1', 'p-7', JSON.stringify({ traceparent })),
    ]);
    expect(batch!.messages[0]!.headers).toEqual({
      traceparent,
      [EVENT_ID_HEADER]: '00000000-0000-4000-8000-000000000007',
    });
  });

  it('gives rows that share one stored trace context their own header objects', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const [batch] = toTopicMessages([
      row(1, 'identity.person.updated.v1', 'p-1', JSON.stringify({ traceparent })),
      row(2, 'identity.person.updated.v1', 'p-2', JSON.stringify({ traceparent })),
    ]);
    const [first, second] = batch!.messages;
    expect(first!.headers).toEqual({
      traceparent,
      [EVENT_ID_HEADER]: '00000000-0000-4000-8000-000000000001',
    });
    expect(second!.headers).toEqual({
      traceparent,
      [EVENT_ID_HEADER]: '00000000-0000-4000-8000-000000000002',
    });
  });

  it('passes event id, key and payload read as bytes through unchanged', () => {
    const payload = Buffer.from('{"name":"基准测试教师"}');
    const [batch] = toTopicMessages([
      {
        id: '9',
        eventId: Buffer.from('00000000-0000-4000-8000-000000000009'),
        topic: 'identity.person.updated.v1',
        aggregateKey: Buffer.from('p-9'),
        payload,
        headers: null,
      },
    ]);
    const [message] = batch!.messages;
    expect(message!.value).toBe(payload);
    expect(message!.key).toEqual(Buffer.from('p-9'));
    expect(message!.headers).toEqual({
      [EVENT_ID_HEADER]: Buffer.from('00000000-0000-4000-8000-000000000009'),
    });
  });
});

describe('consecutiveRuns', () => {
  it('covers gap-free ids with one run', () => {
    expect(consecutiveRuns(['41', '42', '43'])).toEqual([{ first: '41', last: '43' }]);
  });

  it('breaks runs at every gap, so a range never covers an id that was not given', () => {
    expect(consecutiveRuns(['1', '2', '4', '7', '8', '9'])).toEqual([
      { first: '1', last: '2' },
      { first: '4', last: '4' },
      { first: '7', last: '9' },
    ]);
    expect(consecutiveRuns([])).toEqual([]);
  });

  it('compares ids beyond 2^53 exactly (bigint unsigned ids arrive as strings)', () => {
    expect(consecutiveRuns(['9007199254740993', '9007199254740994', '9007199254740996'])).toEqual([
      { first: '9007199254740993', last: '9007199254740994' },
      { first: '9007199254740996', last: '9007199254740996' },
    ]);
  });
});

describe('chunk', () => {
  it('splits into chunks of at most the given size, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
  });

  it('rejects a size below one', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});
