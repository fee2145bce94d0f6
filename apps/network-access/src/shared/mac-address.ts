/**
 * NASes spell MACs many ways (AA:BB:CC:DD:EE:FF, aa-bb-cc-dd-ee-ff, aabb.ccdd.eeff, AABBCCDDEEFF);
 * everything stored or published uses the lower-case dashed form of the contracts.
 */
export function normalizeMac(raw: string): string | undefined {
  // A character loop rather than regular expressions: this runs for every RADIUS request.
  const text = raw.trim();
  let out = '';
  let digits = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 0x2d || code === 0x3a || code === 0x2e) continue; // - : .
    const lower = code >= 0x41 && code <= 0x46 ? code + 0x20 : code; // A-F → a-f
    if (!((lower >= 0x30 && lower <= 0x39) || (lower >= 0x61 && lower <= 0x66))) return undefined;
    if (digits === 12) return undefined;
    if (digits > 0 && digits % 2 === 0) out += '-';
    out += String.fromCharCode(lower);
    digits += 1;
  }
  return digits === 12 ? out : undefined;
}
