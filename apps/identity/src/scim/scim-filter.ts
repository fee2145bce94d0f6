import { scimBadRequest } from './scim-error';

export interface EqualityFilter {
  /** Attribute name as the resource spells it (SCIM attribute names are case-insensitive). */
  attribute: string;
  value: string;
}

const equality = /^\s*([A-Za-z][\w.:-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

/**
 * The filters HR systems send to find one record: `<attribute> eq "<value>"` (RFC 7644 §3.4.2.2) on one of
 * the allowed attributes. Anything richer is refused with scimType invalidFilter rather than half-applied.
 */
export function parseEqualityFilter(
  filter: string | undefined,
  allowed: readonly string[],
): EqualityFilter | null {
  if (filter === undefined || filter.trim() === '') return null;
  const match = equality.exec(filter);
  if (!match)
    throw scimBadRequest(
      'invalidFilter',
      `Unsupported filter ${JSON.stringify(filter)}: use ${allowed.map((name) => `${name} eq "…"`).join(' or ')}.`,
    );
  const attribute = allowed.find((name) => name.toLowerCase() === match[1]!.toLowerCase());
  if (!attribute)
    throw scimBadRequest(
      'invalidFilter',
      `Filtering on ${match[1]} is not supported; use one of ${allowed.join(', ')}.`,
    );
  return { attribute, value: match[2]!.replace(/\\(.)/g, '$1') };
}
