// Use case: which tests of the repository are linked to each story, and how they fared in a given
// test report: the report's evidence column for open stories, the proof of mitigation for done ones. A test is linked when it carries the story's key (`AS-...`, which Rugged's
// test skeletons put in the test name) or lies at the path the story's test criterion names.
// Only test files are read, with the scan's ignores and size cap.
import { relative, sep } from 'node:path';
import type { LoadedConfig } from '../../config/load';
import { listFiles, readSourceFile } from '../../files/walk';
import type { LinkedTests } from '../story/mitigationEvidence';
import { outcomeFor, parseTestResults } from '../story/testResults';
import type { StoredStory } from '../story/types';

/** Test files by the conventions of JavaScript test runners. */
const TEST_FILE = /(^|\/)(test|tests|__tests__|spec|specs|e2e)\/|\.(test|spec|e2e)\.[cm]?[jt]sx?$/;
/** A path to a test file, as a criterion names it. */
const TEST_PATH_IN_TEXT = /[\w@.~/-]+\.(?:test|spec|e2e)\.[cm]?[jt]sx?|(?:^|[\s`'"(])((?:test|tests|__tests__|spec|e2e)\/[\w@.~/-]+\.[cm]?[jt]sx?)/g;

export interface TestEvidenceRequest {
  root: string;
  /** Story and report paths are relative to it (the Git top level, else the root). */
  base: string;
  config: LoadedConfig;
  stories: readonly StoredStory[];
  /** The text of a JUnit XML or TAP report, when one was given. */
  testReport?: string;
}

/** Linked tests by story location, for every story. */
export function linkTests(request: TestEvidenceRequest): Map<string, LinkedTests> {
  const linked = new Map<string, LinkedTests>();
  if (request.stories.length === 0) return linked;
  const list = listFiles([request.root], { root: request.root, ignore: request.config.ignore, maxFileSize: request.config.engine.maxFileSize });
  const tests = list.files.map((file) => ({ file, path: relative(request.base, file).split(sep).join('/') })).filter((t) => TEST_FILE.test(t.path));
  const texts = new Map<string, string>();
  const textOf = (file: string): string => {
    if (!texts.has(file)) {
      const read = readSourceFile(file, request.config.engine.maxFileSize);
      texts.set(file, 'text' in read ? read.text : '');
    }
    return texts.get(file)!;
  };
  const results = request.testReport === undefined ? undefined : parseTestResults(request.testReport);
  for (const stored of request.stories) {
    const named = namedTestPaths(stored);
    const key = stored.story?.key;
    const files = tests.filter((t) => named.has(t.path) || (key !== undefined && textOf(t.file).includes(key))).map((t) => t.path);
    linked.set(stored.location, {
      files,
      ...(results && files.length > 0 ? { result: outcomeFor(results, [...(key ? [key] : []), ...files]) } : {}),
    });
  }
  return linked;
}

/** Test file paths the story's criteria name (the test criterion Rugged writes carries one). */
function namedTestPaths(stored: StoredStory): Set<string> {
  const texts = [...stored.acceptanceCriteria.map((c) => c.text), ...(stored.story?.acceptanceCriteria.filter((c) => c.kind === 'test').map((c) => c.text) ?? [])];
  const paths = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(TEST_PATH_IN_TEXT)) paths.add((match[1] ?? match[0]).replace(/^\.\//, ''));
  }
  return paths;
}
