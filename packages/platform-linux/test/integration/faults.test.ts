import { describeFaultMatrix } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";

describeFaultMatrix({ plugins, exclude: { "linux/local": "runs on this machine: no connection to break" } });
