// Configuration files as tsc and Node read them: tsconfig.json and jsconfig.json are JSON with
// comments and trailing commas, package.json is plain JSON (which this reads too). TypeScript's
// own reader of configuration text is used, so what it accepts is what tsc accepts.
import * as ts from 'typescript';
import type { ResolverHost } from './resolverHost';

/** The object a configuration file holds, or undefined when it is missing, unreadable or not an object. */
export function readConfigJson(path: string, host: ResolverHost): Record<string, unknown> | undefined {
  const text = host.readText(path);
  return text === undefined ? undefined : parseConfigText(path, text);
}

/** The object in a configuration text; undefined for text with any syntax error or that holds no object. */
export function parseConfigText(path: string, text: string): Record<string, unknown> | undefined {
  const parsed = ts.parseConfigFileTextToJson(path, text);
  if (parsed.error) return undefined;
  const config: unknown = parsed.config;
  return config && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : undefined;
}
