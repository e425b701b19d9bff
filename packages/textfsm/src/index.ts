export {
  isTextFsmError,
  type ParsePosition,
  TemplateNotFoundError,
  TemplateParseError,
  TemplateSyntaxError,
  TextFsmError,
} from "./errors.ts";
export {
  type Cell,
  type CompileOptions,
  compileTemplate,
  type ListItem,
  type ParseObjectsOptions,
  type ParseOptions,
  type Row,
  Template,
} from "./template.ts";
export {
  expandCompletions,
  type FindQuery,
  type IndexParseQuery,
  type IndexRecord,
  type LoadIndexOptions,
  mergeParsed,
  TemplateIndex,
} from "./template-index.ts";
