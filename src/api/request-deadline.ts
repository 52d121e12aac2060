// The abort signal of one request: undici's `request` takes an EventEmitter with `aborted` and `reason` as well as
// an AbortSignal, and an EventEmitter is a thirtieth of the cost (an AbortController and its one 'abort' listener
// took 9-10 µs a request against 0.3 µs, and a push sends three requests or more an account).
import { EventEmitter } from 'node:events';

/** Aborted by its timer or by the run's stop; undici listens for its 'abort' event. */
export class RequestDeadline extends EventEmitter {
  aborted = false;
  /** Left undefined: undici then fails the request with its own RequestAbortedError. */
  readonly reason: undefined = undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(timeoutMs: number) {
    super();
    this.timer = setTimeout(abortDeadline, timeoutMs, this);
  }

  /** Aborts the request (once); later calls do nothing. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    clearTimeout(this.timer);
    this.emit('abort');
  }

  /** The request has settled: the timer is no longer needed. */
  settle(): void {
    clearTimeout(this.timer);
  }
}

function abortDeadline(deadline: RequestDeadline): void {
  deadline.abort();
}
