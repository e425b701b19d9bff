import { InventoryError, type InventoryIssue } from "../errors.ts";
import type { FleetDocument } from "./document.ts";

export type Path = (string | number)[];

/** Collects a fleet's problems, each placed at the line its path is written on. */
export class IssueList {
  readonly file: string;
  readonly doc: FleetDocument;
  readonly items: InventoryIssue[] = [];

  constructor(file: string, doc: FleetDocument) {
    this.file = file;
    this.doc = doc;
  }

  /** Adds a problem at `path` (its key with `atKey`); `extra` sets host, suggestion or the key. */
  add(path: Path, message: string, extra: Partial<InventoryIssue> = {}, atKey = false): void {
    this.items.push({
      file: this.file,
      ...this.doc.position(path, atKey),
      key: path.join("."),
      message,
      ...extra,
    });
  }

  get size(): number {
    return this.items.length;
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new InventoryError({ issues: this.items });
  }
}
