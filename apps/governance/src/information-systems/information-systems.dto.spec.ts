import { informationSystemView } from './information-systems.dto';

describe('information-system view', () => {
  it('shows what a client reads, with an ISO instant', () => {
    const createdAt = new Date('2026-12-01T02:00:00Z');
    expect(
      informationSystemView({
        id: 'x',
        schoolCode: '3101200001',
        name: '示例',
        createdAt,
        updatedAt: createdAt,
      }),
    ).toEqual({ id: 'x', schoolCode: '3101200001', name: '示例', createdAt: '2026-12-01T02:00:00.000Z' });
  });
});
