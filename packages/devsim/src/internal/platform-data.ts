/** Canned command outputs and the starting configuration of one platform. */
export interface PlatformData {
  /** Configuration text the device boots with; `{hostname}` is replaced. */
  initialConfig: string;
  /** Full command words -> output with `\n` line endings; `{hostname}` and friends are replaced. */
  commands: Readonly<Record<string, string>>;
}
