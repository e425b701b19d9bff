// The public API of @patchbay/create-plugin (the `create-plugin` command is src/main.ts).
export {
  BASE_PLATFORMS,
  type GeneratedPackage,
  type GenerateOptions,
  generatePluginPackage,
  optionProblems,
  type PatchbayDependency,
  packageNameFor,
} from "./generate.ts";
