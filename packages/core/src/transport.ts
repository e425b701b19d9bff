/**
 * A byte stream to a device's command line: an SSH pty shell, telnet, a serial line. Connection bases
 * implement it (`@patchbay/ssh`'s `SshShell`) and CLI drivers run over it (`@patchbay/driver`), so
 * neither imports the other.
 */
export interface Transport {
  /** Sends bytes to the device. */
  write(data: string | Uint8Array): void;
  /** Subscribes to bytes from the device, delivered in order. Returns a function that unsubscribes. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Subscribes to the close of the stream; called once, with the error if it dropped. */
  onClose(listener: (error?: Error) => void): () => void;
  /** Closes the stream. Resolves when closed; never rejects for an already closed stream. */
  close(): Promise<void>;
  /** True once the stream is closed. */
  readonly closed: boolean;
}
