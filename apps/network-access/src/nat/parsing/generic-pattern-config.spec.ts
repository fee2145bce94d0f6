import { loadConfig } from '@edubase/config';
import { NetworkAccessConfig } from '../../network-access.config';

describe('NAT config at boot', () => {
  it('accepts generic patterns naming their groups, and refuses the boot naming a bad one', () => {
    const good = loadConfig(NetworkAccessConfig, {
      NAT_GENERIC_SESSION_PATTERN:
        'src=(?<insideIp>\\S+):(?<insidePort>\\d+) nat=(?<publicIp>\\S+):(?<publicPort>\\d+)',
    });
    expect(good.NAT_GENERIC_SESSION_PATTERN).toContain('insideIp');
    expect(() =>
      loadConfig(NetworkAccessConfig, { NAT_GENERIC_BLOCK_PATTERN: '(?<insideIp>\\S+) (?<publicIp>\\S+)' }),
    ).toThrow(/NAT_GENERIC_BLOCK_PATTERN.*\(\?<portStart>/);
    expect(() => loadConfig(NetworkAccessConfig, { NAT_GENERIC_SESSION_PATTERN: '(' })).toThrow(
      /NAT_GENERIC_SESSION_PATTERN.*not a valid regular expression/,
    );
    expect(() => loadConfig(NetworkAccessConfig, { NAT_RETENTION_DAYS: '90' })).toThrow(/NAT_RETENTION_DAYS/);
  });
});
