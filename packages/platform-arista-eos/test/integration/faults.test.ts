import { describeFaultMatrix } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";

describeFaultMatrix({ plugins });
