import { buildEnvelope, decodeEnvelope, validateEnvelope } from './event';

const person = {
  personId: 'p-1',
  kind: 'staff' as const,
  staffNo: 'T0001',
  studentNo: null,
  name: '张老师',
  schoolCode: '3101200001',
  orgId: 'o-1',
  status: 'active' as const,
};

describe('event envelope', () => {
  it('builds an envelope whose version comes from the topic name', () => {
    const envelope = buildEnvelope('identity.person.created.v1', person, {
      source: 'identity',
      schoolCode: '3101200001',
    });
    expect(envelope.version).toBe(1);
    expect(envelope.schoolCode).toBe('3101200001');
    expect(validateEnvelope('identity.person.created.v1', envelope)).toEqual({ ok: true, envelope });
  });

  it('does not compile a payload published on the wrong topic', () => {
    // @ts-expect-error a person payload is not a NAS registration
    buildEnvelope('netaccess.nas.registered.v1', person, { source: 'identity' });
  });

  it('names each bad payload field', () => {
    const envelope = buildEnvelope('identity.person.created.v1', person, { source: 'identity' });
    const result = validateEnvelope('identity.person.created.v1', {
      ...envelope,
      data: { ...person, schoolCode: '12', status: 'retired' },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('data.schoolCode');
      expect(result.error).toContain('data.status');
    }
  });

  it('rejects an envelope whose type differs from the topic it arrived on', () => {
    const envelope = buildEnvelope('identity.person.created.v1', person, { source: 'identity' });
    const result = validateEnvelope('identity.person.updated.v1', envelope);
    expect(result).toEqual({ ok: false, error: expect.stringContaining('does not match topic') });
  });

  it('rejects malformed JSON, empty values and unknown topics', () => {
    expect(decodeEnvelope('identity.person.created.v1', Buffer.from('{not json'))).toEqual({
      ok: false,
      error: expect.stringContaining('malformed JSON'),
    });
    expect(decodeEnvelope('identity.person.created.v1', null)).toEqual({
      ok: false,
      error: 'empty message value',
    });
    expect(validateEnvelope('identity.person.exploded.v1', {})).toEqual({
      ok: false,
      error: 'unknown topic "identity.person.exploded.v1"',
    });
  });
});
