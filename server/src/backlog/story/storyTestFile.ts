// Rugged's own story tests (written with `rugged story --write-test`) hold attack payloads on
// purpose: an SQL quote, a shell command, a fast hash of the password they sent. Scanning them
// would report the attack as a weakness of the project, so they are recognised by the header the
// skeleton writer gives them (testSkeleton.ts), not by where they lie: a file a person wrote under
// test/security/ is still scanned like any test.

/** The first line: the story key, then its goal (`// AS-2DERDV81: recover ...`). */
const KEY_LINE = /^\/\/ (AS-[0-9A-HJKMNP-TV-Z]{8}): \S/;
/** The second line promises the test's direction, in each of the skeleton's three wordings. */
const PROMISE_LINE = /^\/\/ .*\bfails while the (?:code is vulnerable|weakness is in the code), passes once/i;

/** The story key a Rugged-written test carries in its header, or undefined for any other text. */
export function storyTestKey(text: string): string | undefined {
  const [first = '', second = ''] = text.replace(/^\uFEFF/, '').split(/\r?\n/, 2);
  const key = KEY_LINE.exec(first);
  return key && PROMISE_LINE.test(second) ? key[1] : undefined;
}
