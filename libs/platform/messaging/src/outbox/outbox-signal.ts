import { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';

/**
 * In-process wake-up for relays: a publish inside a transaction marks its query runner, and the commit of
 * that transaction wakes every relay of the same DataSource, so events leave without waiting for a poll.
 */
const PENDING_FLAG = 'edubaseOutboxPending';
const listeners = new WeakMap<DataSource, Set<() => void>>();
const subscribed = new WeakSet<DataSource>();

export function notifyOutboxRelays(dataSource: DataSource): void {
  for (const wake of listeners.get(dataSource) ?? []) wake();
}

/** Called by the publisher: wake now if not in a transaction, else when the transaction commits. */
export function markOutboxPending(
  dataSource: DataSource,
  queryRunnerData: Record<string, unknown> | undefined,
  inTransaction: boolean,
): void {
  if (inTransaction && queryRunnerData) queryRunnerData[PENDING_FLAG] = true;
  else notifyOutboxRelays(dataSource);
}

class OutboxCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const data = event.queryRunner.data as Record<string, unknown> | undefined;
    // A released savepoint also broadcasts a commit; only the outermost commit makes rows visible.
    if (!data?.[PENDING_FLAG] || event.queryRunner.isTransactionActive) return;
    delete data[PENDING_FLAG];
    notifyOutboxRelays(event.connection);
  }
}

export function onOutboxCommit(dataSource: DataSource, wake: () => void): () => void {
  if (!subscribed.has(dataSource)) {
    dataSource.subscribers.push(new OutboxCommitSubscriber());
    subscribed.add(dataSource);
  }
  let set = listeners.get(dataSource);
  if (!set) {
    set = new Set();
    listeners.set(dataSource, set);
  }
  set.add(wake);
  return () => set.delete(wake);
}
