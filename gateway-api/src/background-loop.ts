/**
 * A loop a service runs in the background (the projector following blocks, the anchoring service):
 * start() begins it once, stop() aborts its signal and waits until it has returned.
 */
export class BackgroundLoop {
  private abort?: AbortController;
  private running?: Promise<void>;

  constructor(private readonly body: (signal: AbortSignal) => Promise<void>) {}

  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    this.running = this.body(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.running;
    this.running = undefined;
  }
}
