import { ServiceProcess, ServiceProcessOptions, spawnService } from '@edubase/testing';

/** How long a supervisor (systemd's RestartSec, a Kubernetes back-off) waits before starting it again. */
const RESTART_DELAY_MS = 1_000;

/**
 * A service process restarted whenever it exits, as a supervisor would: the suite kills it with SIGKILL
 * and counts on nothing else to bring it back. `stop()` ends the supervision.
 */
export class SupervisedService {
  restarts = 0;
  /** Exits the suite did not cause (a crash on its own), with the last lines the process wrote. */
  readonly unexpectedExits: string[] = [];
  private crashing = false;
  private current: ServiceProcess;
  private supervising = true;
  /** Output of every incarnation, for failure messages. */
  private readonly earlierOutput: string[] = [];

  constructor(private readonly options: ServiceProcessOptions) {
    this.current = this.launch();
  }

  get name(): string {
    return this.options.name;
  }

  get baseUrl(): string {
    return this.current.baseUrl;
  }

  private launch(): ServiceProcess {
    const process = spawnService({ ...this.options, reportUnexpectedExit: false });
    void process.whenExited().then(async () => {
      if (!this.supervising) return;
      this.earlierOutput.push(...process.output.slice(-40), `--- ${this.name} exited; restarting ---`);
      if (!this.crashing)
        this.unexpectedExits.push(process.output.filter(Boolean).slice(-30).join('\n').slice(-4000));
      this.crashing = false;
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      if (!this.supervising) return;
      this.restarts += 1;
      this.current = this.launch();
    });
    return process;
  }

  /**
   * SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. Resolves once it has exited, so a
   * readiness check that follows cannot be answered by the dying process.
   */
  async crash(): Promise<void> {
    const killed = this.current;
    if (killed.pid === undefined || !killed.running) throw new Error(`${this.name} is not running`);
    this.crashing = true;
    process.kill(killed.pid, 'SIGKILL');
    await killed.whenExited();
  }

  /** GET /health/ready answers 200 now. */
  async isReady(): Promise<boolean> {
    const status = await fetch(`${this.current.baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) })
      .then((response) => response.status)
      .catch(() => 0);
    return status === 200;
  }

  tail(lines = 40): string {
    return [...this.earlierOutput.slice(-lines), this.current.tail(lines)].join('\n');
  }

  async stop(): Promise<void> {
    this.supervising = false;
    await this.current.stop();
  }
}
