// The rule API: everything a rule may use from the engine, in one module. Rules import this and
// nothing else from server/src (the layering test enforces it), so the engine's internals can
// change without touching a rule, and a rule author has one place to read.
export * from './ruleContract';
export type { Confidence, Severity, TextEdit } from './finding';
export { join, type CallerValue, type DataFlow, type FlowStep, type FlowValue, type TaintSource, type Variable } from './dataflow';
export * from './astNodes';
export { guardVerdict, type Guard, type GuardVerdict, type Hazard } from './guards';
export { baseModule, normaliseModule, type ImportIndex } from './imports';
export { nameWords } from './names';
