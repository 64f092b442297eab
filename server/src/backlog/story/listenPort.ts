// The port an app listens on by default, read from its `listen(...)` call, so the story's HTTP test
// points at the app as it starts (`listen(process.env.PORT || 3001)`) rather than a guessed 3000.
// Only a literal counts: a port computed elsewhere leaves the test's default alone.

const DEFAULTED = String.raw`(?:Number\(\s*|parseInt\(\s*)?(?:process\.env\.\w+\s*(?:\|\||\?\?)\s*)?['"]?(\d{2,5})\b`;

/** The literal port of the first `listen(...)` in `text`, directly or through a constant it names. */
export function listenPort(text: string): number | undefined {
  const direct = new RegExp(String.raw`\.listen\(\s*${DEFAULTED}`).exec(text);
  if (direct) return valid(direct[1]);
  const named = /\.listen\(\s*([A-Za-z_$][\w$]*)\s*[,)]/.exec(text);
  if (!named) return undefined;
  const constant = new RegExp(String.raw`\b(?:const|let|var)\s+${named[1].replace(/\$/g, '\\$')}\s*=\s*${DEFAULTED}`).exec(text);
  return constant ? valid(constant[1]) : undefined;
}

function valid(digits: string): number | undefined {
  const port = Number(digits);
  return port > 0 && port < 65536 ? port : undefined;
}
