// Reads the `backlog` settings a remote tracker needs and refuses what is missing or unsafe with one
// sentence naming the key. The configuration loader has already reported schema problems on the
// file; this is the check at the moment a story would be sent, so a broken value is never guessed.
import { BacklogError, type BacklogTarget } from '../backlog';

/** Label every remote item Rugged files carries, so listing by it finds them all. */
export const STORY_LABEL = 'abuser-story';

const QUOTED_MAX = 80;

export function quoteSetting(value: string): string {
  return JSON.stringify(value.length > QUOTED_MAX ? `${value.slice(0, QUOTED_MAX)}...` : value);
}

/** A refusal of the configuration, naming the key and the file. */
export function settingError(target: BacklogTarget, key: string, problem: string): BacklogError {
  const where = target.configFile ?? '.rugged.json';
  return new BacklogError('invalid-config', where, `backlog.${key} in ${where} ${problem}; no story is read or written until it is fixed.`);
}

export function requiredString(target: BacklogTarget, key: string, example: string): string {
  const value = target.settings[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw settingError(target, key, `must be set for backlog.tracker ${quoteSetting(String(target.settings.tracker))} (for example ${example})`);
  }
  return value.trim();
}

export function optionalString(target: BacklogTarget, key: string): string | undefined {
  const value = target.settings[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw settingError(target, key, 'must be a non-empty string');
  return value.trim();
}

/** The configured labels, plus the one Rugged lists by. */
export function labelsOf(target: BacklogTarget): string[] {
  const value = target.settings.labels;
  if (value === undefined) return [STORY_LABEL];
  if (!Array.isArray(value) || value.some((l) => typeof l !== 'string' || l.trim() === '' || l.length > 50)) {
    throw settingError(target, 'labels', 'must be a list of non-empty label names of at most 50 characters');
  }
  return [...new Set([STORY_LABEL, ...value.map((l: string) => l.trim())])];
}

/**
 * An API base URL without a trailing slash. The URL decides where a token is sent, and it can come
 * from a workspace file: only https is accepted (http only to this machine, for local stand-ins and
 * tunnels), and never with credentials or a query in it.
 */
export function apiBaseUrl(target: BacklogTarget, key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw settingError(target, key, `is not a URL (got ${quoteSetting(value)})`);
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw settingError(target, key, `must be an https URL, so the token is never sent in clear (got ${quoteSetting(url.protocol)})`);
  }
  if (url.username || url.password) throw settingError(target, key, 'must not contain a user name or password; credentials come from the environment or the editor');
  if (url.search || url.hash) throw settingError(target, key, 'must not contain a query or fragment');
  return url.toString().replace(/\/+$/, '');
}
