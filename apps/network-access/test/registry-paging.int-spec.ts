import { passwordGrantToken } from '@edubase/testing';
import { announceSchools, api, Harness, startNetworkAccess } from './netaccess-harness';

jest.setTimeout(60_000);

interface Listed {
  macAddress?: string;
  name: string;
  ip?: string;
}
interface Paged {
  items: Listed[];
  total: number;
  page: number;
  pageSize: number;
}

const SCHOOL = '3101200001';
/** aa-bb-cc-00-00-10 … aa-bb-cc-00-00-34: 25 terminals, every third a 信创 printer. */
const terminals = Array.from({ length: 25 }, (_, index) => ({
  macAddress: `AA:BB:CC:00:00:${String(index + 10)}`,
  schoolCode: SCHOOL,
  type: index % 3 === 0 ? 'printer' : 'pc',
  name: `机房 ${String(index + 10)}`,
  isDomestic: index % 3 === 0,
}));

/** NAS and terminal lists paged, filtered and sorted by the server; the bare array kept for callers without `page`. */
describe('network-access pages the NAS and terminal registries', () => {
  let harness: Harness;
  let district: string;

  beforeAll(async () => {
    harness = await startNetworkAccess('paging');
    await announceSchools(harness, [SCHOOL]);
    district = await passwordGrantToken('district.admin');
    expect((await api(harness, district, 'POST', '/terminals/import', { terminals })).status).toBe(201);
    for (const [name, ip] of [
      ['教学楼核心交换机', '10.77.0.1'],
      ['行政楼汇聚交换机', '10.77.0.2'],
      ['宿舍 AC', '10.78.0.1'],
    ])
      expect(
        (
          await api(harness, district, 'POST', '/nas', {
            schoolCode: SCHOOL,
            name,
            ip,
            sharedSecret: 'paging-shared-secret',
            vendor: 'huawei',
          })
        ).status,
      ).toBe(201);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('answers terminals a page at a time with the total, and the whole list without page as before', async () => {
    const bare = await api<Listed[]>(harness, district, 'GET', '/terminals');
    expect(bare.body).toHaveLength(25);

    const second = await api<Paged>(harness, district, 'GET', '/terminals?page=2&pageSize=10');
    expect(second.status).toBe(200);
    expect({ ...second.body, items: second.body.items.length }).toEqual({
      items: 10,
      total: 25,
      page: 2,
      pageSize: 10,
    });
    expect(second.body.items[0]!.macAddress).toBe('aa-bb-cc-00-00-20');

    const newestMacFirst = await api<Paged>(harness, district, 'GET', '/terminals?page=1&sort=-macAddress');
    expect(newestMacFirst.body.items[0]!.macAddress).toBe('aa-bb-cc-00-00-34');
  });

  it('filters terminals by a MAC prefix in any spelling, by type and by 信创', async () => {
    const prefix = await api<Paged>(harness, district, 'GET', '/terminals?page=1&q=AA:BB:CC:00:00:1');
    expect(prefix.body.total).toBe(10);
    const byName = await api<Paged>(
      harness,
      district,
      'GET',
      `/terminals?page=1&q=${encodeURIComponent('机房 3')}`,
    );
    expect(byName.body.items.map((row) => row.name)).toEqual([
      '机房 30',
      '机房 31',
      '机房 32',
      '机房 33',
      '机房 34',
    ]);
    const domesticPrinters = await api<Paged>(
      harness,
      district,
      'GET',
      '/terminals?page=1&pageSize=50&type=printer&isDomestic=true',
    );
    expect(domesticPrinters.body.total).toBe(9);
    const others = await api<Paged>(harness, district, 'GET', '/terminals?page=1&isDomestic=false');
    expect(others.body.total).toBe(16);
  });

  it('pages, filters and sorts the NAS list the same way', async () => {
    const bare = await api<Listed[]>(harness, district, 'GET', '/nas');
    expect(bare.body).toHaveLength(3);
    const byIp = await api<Paged>(harness, district, 'GET', '/nas?page=1&q=10.77.');
    expect(byIp.body.items.map((row) => row.ip).sort()).toEqual(['10.77.0.1', '10.77.0.2']);
    const byIpDescending = await api<Paged>(harness, district, 'GET', '/nas?page=1&pageSize=2&sort=-ip');
    expect(byIpDescending.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(byIpDescending.body.items.map((row) => row.ip)).toEqual(['10.78.0.1', '10.77.0.2']);
  });

  it('refuses an unknown sort, a page below 1 and a page too large with a 400 naming the field', async () => {
    for (const [url, field] of [
      ['/terminals?page=1&sort=chapSecret', 'sort'],
      ['/nas?page=1&sort=sharedSecret', 'sort'],
      ['/nas?page=0', 'page'],
      ['/terminals?page=1&pageSize=500', 'pageSize'],
      ['/terminals?page=1&isDomestic=maybe', 'isDomestic'],
    ]) {
      const answer = await api<{ errors: Array<{ field: string }> }>(harness, district, 'GET', url!);
      expect([url, answer.status]).toEqual([url, 400]);
      expect(answer.body.errors.map((error) => error.field)).toContain(field);
    }
  });
});
