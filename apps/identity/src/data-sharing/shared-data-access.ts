import type { SharedDataGrant } from './shared-data-grant.entity';

export type SharedFieldsDecision =
  { allowed: true; fields: string[]; scopes: string[] } | { allowed: false; reason: string };

/**
 * Which fields of `dataset` a district system may read today: the union of its grants that are approved,
 * issued to this client, for this dataset and running today (China date, both ends included). Asking for
 * a field no running grant names is refused whole, never answered in part.
 */
export function sharedFieldsFor(
  grants: readonly SharedDataGrant[],
  request: { clientId: string; dataset: string; today: string; fields?: readonly string[] },
): SharedFieldsDecision {
  const running = grants.filter(
    (grant) =>
      grant.status === 'approved' &&
      grant.clientId === request.clientId &&
      grant.dataset === request.dataset &&
      grant.startsOn <= request.today &&
      request.today <= grant.endsOn,
  );
  if (running.length === 0)
    return {
      allowed: false,
      reason: `No approved data-sharing request of ${request.dataset} runs today for this client: it has not started, it has ended, or it was never approved.`,
    };
  const approved = [...new Set(running.flatMap((grant) => grant.fields))].sort();
  const asked = request.fields?.length ? [...new Set(request.fields)] : approved;
  const outside = asked.filter((field) => !approved.includes(field));
  if (outside.length > 0)
    return {
      allowed: false,
      reason: `Fields not approved for sharing with this client: ${outside.join(', ')}.`,
    };
  return { allowed: true, fields: asked, scopes: running.map((grant) => grant.scope) };
}
