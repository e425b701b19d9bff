import type { NetconfNotification } from "./reply.ts";

const NETMOD_NOTIFICATION_NS = "urn:ietf:params:xml:ns:netmod:notification";

/**
 * An RFC 5277 subscription: an async iterator of notifications. It ends cleanly when the session is
 * closed, when the subscription's signal aborts, after `notificationComplete` (a subscription with
 * `stopTime`), or on `close()`; it throws when the connection drops. Notifications that arrive
 * faster than they are read are queued.
 */
export class NotificationSubscription implements AsyncIterable<NetconfNotification>, AsyncDisposable {
  readonly #queue: NetconfNotification[] = [];
  #waiter:
    | { resolve: (r: IteratorResult<NetconfNotification>) => void; reject: (e: unknown) => void }
    | undefined;
  #done = false;
  #error: unknown;
  readonly #onEnd: () => void;

  /** @internal Created by `NetconfSession.subscribe`. */
  constructor(onEnd: () => void) {
    this.#onEnd = onEnd;
  }

  /** Whether the subscription has ended (queued notifications may still be read). */
  get ended(): boolean {
    return this.#done;
  }

  /** @internal Delivers a notification. */
  push(notification: NetconfNotification): void {
    if (this.#done) return;
    const complete =
      notification.eventName === "notificationComplete" &&
      notification.elements[0]?.namespace === NETMOD_NOTIFICATION_NS;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter.resolve({ value: notification, done: false });
    } else this.#queue.push(notification);
    if (complete) this.end();
  }

  /** @internal Ends the subscription, with an error when the session failed. */
  end(error?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    this.#onEnd();
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) {
      if (error === undefined) waiter.resolve({ value: undefined, done: true });
      else waiter.reject(error);
    }
  }

  /** Stops reading: the iterator ends (the server keeps the subscription until the session closes). */
  close(): void {
    this.end();
    this.#queue.length = 0;
  }

  /** The next notification. */
  next(): Promise<IteratorResult<NetconfNotification>> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve({ value: queued, done: false });
    if (this.#done) {
      if (this.#error !== undefined) {
        const error = this.#error;
        this.#error = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<NetconfNotification> {
    return {
      next: () => this.next(),
      return: async () => {
        this.close();
        return { value: undefined, done: true };
      },
    };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
