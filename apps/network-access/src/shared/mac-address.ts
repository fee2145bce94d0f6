/**
 * NASes spell MACs many ways (AA:BB:CC:DD:EE:FF, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff, AABBCCDDEEFF);
 * everything stored or published uses the lower-case dashed form of the contracts.
 */
export function normalizeMac(raw: string): string | undefined {
  const hex = raw.trim().toLowerCase().replace(/[-:.]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join('-');
}
