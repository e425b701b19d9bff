import { describeFaultMatrix } from "@patchbay/testkit";
import { plugins } from "../../src/index.ts";

describeFaultMatrix({
  plugins,
  simulator: { "nokia_srlinux/ssh": "nokia_srlinux", "nokia_srlinux/api": "nokia_srlinux" },
  configLine: "set / system name host-name fault-matrix",
});
