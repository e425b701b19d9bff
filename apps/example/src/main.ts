import { runExample } from "./example.ts";

process.stdout.write(`${await runExample()}\n`);
