import { defineDataset } from '@edubase/masking';

/**
 * 数据分级 of network access's answers that carry personal data, in one place; governance's catalog takes
 * the declarations over later. In a trace answer a name sits beside where and when the person was online
 * (行踪轨迹, sensitive PI), so it is 重要 there, while the 工号, addresses and devices the network runs on
 * are 一般: a school's network administrator sees the account and the device, the security officer and the
 * district administrator also see whose it is.
 */
export const SESSION_TRACE_DATASET = defineDataset({
  id: 'network-access.session-trace',
  title: '上网溯源记录',
  fields: {
    username: { grade: 'general' },
    // A minor's name beside where and when they were online: 核心 (the minor rule, as identity's records).
    personName: { grade: 'important', pi: 'name', minorGrade: 'core' },
    macAddress: { grade: 'general', pi: 'device_id' },
    framedIp: { grade: 'general' },
  },
});

/** Every dataset network access declares, for the catalog. */
export const networkAccessDatasets = [SESSION_TRACE_DATASET];
