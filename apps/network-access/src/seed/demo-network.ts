import type { CreateNasDto } from '../nas/nas.dto';
import type { CreateTerminalDto } from '../terminals/terminal.dto';

/**
 * The demo district's network: one core switch per school and a handful of registered terminals.
 * NAS addresses are loopback aliases (127.31.<n>.1): Linux routes all of 127/8 to `lo`, so the traffic
 * simulator can send from each school's NAS address on one machine and the registry tells them apart.
 */
export const DEMO_NAS_SUBNET_PREFIX = '127.31.';
export const DEMO_RADIUS_SECRET = 'edubase-demo-radius-secret';

export function demoNasIp(schoolIndex: number): string {
  return `${DEMO_NAS_SUBNET_PREFIX}${schoolIndex + 1}.1`;
}

const vendors = [
  { vendor: 'huawei', model: 'S5735-L48T4X' },
  { vendor: 'h3c', model: 'S5130S-52S-EI' },
  { vendor: 'ruijie', model: 'RG-S5750-48GT4XS' },
] as const;

export function demoNas(schoolCode: string, schoolIndex: number): CreateNasDto {
  const { vendor, model } = vendors[schoolIndex % vendors.length]!;
  return {
    schoolCode,
    name: '校园网核心交换机',
    ip: demoNasIp(schoolIndex),
    sharedSecret: DEMO_RADIUS_SECRET,
    vendor,
    model,
    location: '行政楼弱电间',
    requireMessageAuthenticator: true,
  };
}

function demoMac(schoolIndex: number, terminalIndex: number): string {
  // 02: a locally administered address, so demo MACs can never collide with a real vendor's.
  const hex = (value: number) => value.toString(16).padStart(2, '0');
  return `02-31-${hex(schoolIndex + 1)}-00-00-${hex(terminalIndex + 1)}`;
}

const terminalLayout: ReadonlyArray<Omit<CreateTerminalDto, 'macAddress' | 'schoolCode'>> = [
  { type: 'printer', name: '教师办公室打印机', operatingSystem: 'embedded', isDomestic: false },
  { type: 'class-display', name: '一(1)班班级大屏', operatingSystem: 'Android 11', isDomestic: false },
  { type: 'class-display', name: '一(2)班班级大屏', operatingSystem: 'Android 11', isDomestic: false },
  { type: 'pc', name: '信创办公电脑 A', operatingSystem: '统信UOS 20', isDomestic: true },
  { type: 'pc', name: '信创办公电脑 B', operatingSystem: '麒麟 V10', isDomestic: true },
  { type: 'pc', name: '机房教师机', operatingSystem: 'Windows 10', isDomestic: false },
  { type: 'camera', name: '校门监控', operatingSystem: 'embedded', isDomestic: false },
];

export function demoTerminals(schoolCode: string, schoolIndex: number): CreateTerminalDto[] {
  return terminalLayout.map((terminal, terminalIndex) => ({
    ...terminal,
    schoolCode,
    macAddress: demoMac(schoolIndex, terminalIndex),
  }));
}
