import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CockpitConfig } from '../cockpit.config';
import type { Overview } from '@edubase/cockpit-api';
import { IndicatorsService } from '../indicators/indicators.service';

export type LiveSend = (event: 'overview', data: Overview) => void;

interface Subscriber {
  scope: string;
  send: LiveSend;
}

/**
 * The live channel's fan-out. After each committed projection batch the engine reports the scopes it
 * changed; within one short window those are coalesced, each changed scope that somebody watches is read
 * once from the projections, and the result goes to that scope's subscribers only. Client count does not
 * multiply database reads, and nobody polls.
 */
@Injectable()
export class LiveHub implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveHub.name);
  private readonly subscribers = new Set<Subscriber>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private pushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly indicators: IndicatorsService,
    private readonly config: CockpitConfig,
  ) {}

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Starts with the current overview, then every change. Returns the unsubscribe function. */
  subscribe(scope: string, send: LiveSend): () => void {
    const subscriber: Subscriber = { scope, send };
    this.subscribers.add(subscriber);
    void this.indicators
      .overview(scope)
      .then((overview) => {
        if (this.subscribers.has(subscriber)) send('overview', overview);
      })
      .catch((error: unknown) => this.logger.warn(`initial overview of ${scope} failed: ${String(error)}`));
    return () => this.subscribers.delete(subscriber);
  }

  /** Called after a projection batch committed. */
  changed(scopes: readonly string[]): void {
    if (this.closed) return;
    for (const scope of scopes) this.dirty.add(scope);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // One push round at a time; changes arriving meanwhile wait for the next.
      this.pushing = this.pushing.then(() => this.push());
    }, this.config.LIVE_PUSH_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.subscribers.clear();
  }

  private async push(): Promise<void> {
    const scopes = [...this.dirty];
    this.dirty.clear();
    const watched = scopes.filter((scope) =>
      [...this.subscribers].some((subscriber) => subscriber.scope === scope),
    );
    await Promise.all(
      watched.map(async (scope) => {
        try {
          const overview = await this.indicators.overview(scope);
          for (const subscriber of this.subscribers)
            if (subscriber.scope === scope) subscriber.send('overview', overview);
        } catch (error) {
          this.logger.warn(`live update of ${scope} failed: ${String(error)}`);
        }
      }),
    );
  }
}
