/**
 * What the driver needs from a byte stream to a device's CLI (an SSH shell, telnet, a serial line).
 * The driver never imports a transport library; callers hand it an object with this shape.
 */
export interface Transport {
  /** Sends bytes to the device. */
  write(data: string | Uint8Array): void;
  /** Subscribes to bytes from the device. Returns a function that unsubscribes. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Subscribes to the close of the stream; called once, with the error if it failed. */
  onClose(listener: (error?: Error) => void): () => void;
  /** Closes the stream. Resolves when closed; never rejects for an already closed stream. */
  close(): Promise<void>;
  /** True once the stream is closed. */
  readonly closed: boolean;
}
