/** Runs async functions one at a time, in call order. */
export class Mutex {
  #last: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#last.then(fn);
    this.#last = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
