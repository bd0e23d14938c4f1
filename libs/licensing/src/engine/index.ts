// The licence template engine: pure functions over template definitions (no framework).
export * from './types';
export * from './errors';
export { canonicalForm, canonicalJson, normalizeText, sha256Hex, templateHash, variablesHash, type CanonicalJsonOptions } from './canonical';
export { formatBoolean } from './format';
export { parseMarkup, parseWhen, TARIFF_LINE_FIELDS, VARIABLE_FIELDS, type MarkupNode, type MarkupProblem, type ParsedMarkup, type WhenCondition } from './markup';
export {
  CLAUSE_MODES,
  TEMPLATE_FAMILIES,
  TEMPLATE_STATUSES,
  VARIABLE_TYPES,
  checkDefinition,
  formatPath,
  validateDefinition,
  type DefinitionPath,
  type DefinitionProblem,
} from './definition';
export { loadTemplateFile, loadTemplatesDir, parseTemplate, templateSource } from './loader';
export { DEFAULT_TEXT_MAX_LENGTH, validateValue, validateVariables, withDefaults } from './variables';
export { clauseApplies, renderTemplate, resolveOverrides } from './render';
export { checkFork } from './fork';
export { diffTemplates, redlineText, type DiffOptions } from './diff';
export { EXAMPLE_DATASET, EXAMPLE_PARTIES, EXAMPLE_TARIFF, exampleValues, type ExampleValuesOptions } from './examples';
export * from './pdf';
