/**
 * What a service's tamper-evident audit chain answers over HTTP (@edubase/audit's /audit-chain routes),
 * shared by the services that serve it and governance, which reads it into its audits. Types only.
 */

/** Who read personal data in a period: one row per actor and action, from the chain's entries. */
export interface ChainReader {
  actorId: string;
  actorKind: string;
  actorName: string | null;
  action: string;
  reads: number;
  firstAt: string;
  lastAt: string;
}
