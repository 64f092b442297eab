// A password stored another way must be checked another way: a login that compares the stored
// column in SQL (`password = md5(?)`, or the value as typed) stops matching the moment registration
// stores a slow hash, and nobody can sign in. The stored-password story asks for both changes
// together, naming the login's route, line and today's comparison.
export interface PasswordColumn {
  table: string;
  column: string;
}

/**
 * The criterion for the login of `file` that compares `write`'s column in SQL, or undefined when the
 * file holds none. `route` and `method` are the story's (full route), for the mount prefix.
 */
export function loginCheckControl(fileText: string, file: string, write: PasswordColumn, route: string | undefined, method: string | undefined): string | undefined {
  // The query may be pieced together from strings and values: the match runs over the code itself.
  const query = new RegExp(`\\bSELECT\\b[^;]{0,300}?\\bFROM\\s+[\`"]?${escape(write.table)}\\b[^;]{0,300}?\\bWHERE\\b[^;]{0,300}?\\b${escape(write.column)}\\s*=`, 'i');
  const found = query.exec(fileText);
  if (!found) return undefined;
  const login = { offset: found.index, length: found[0].length };
  const line = fileText.slice(0, login.offset).split('\n').length;
  const declared = [...fileText.matchAll(/\.\s*(get|post|put|patch|delete)\s*\(\s*['"`]([^'"`]+)['"`]/gi)];
  const routes = declared.filter((r) => r.index < login.offset);
  // The story's own route as the router declares it: what the full route adds before it is the mount prefix.
  const own = declared.filter((r) => (!method || r[1].toUpperCase() === method.toUpperCase()) && route?.endsWith(r[2])).sort((a, b) => b[2].length - a[2].length)[0]?.[2];
  const prefix = route && own ? route.slice(0, route.length - own.length) : '';
  const last = routes[routes.length - 1];
  const where = last ? `\`${last[1].toUpperCase()} ${(prefix + last[2]).replace(/\/$/, '') || '/'}\` (\`${file}:${line}\`)` : `\`${file}:${line}\``;
  // The code that follows the column in the query: a hash helper called on the typed password, or a bound value.
  const after = fileText.slice(login.offset + login.length, login.offset + login.length + 200);
  const helper = /([A-Za-z_$][\w$.]*)\s*\(\s*req(?:uest)?\.body\.[\w$]+\s*\)/.exec(after)?.[0];
  const today = helper ? `today it compares \`${helper}\` in the SQL` : 'today it compares the value in the SQL';
  return `The login in ${where} changes in the same release: it loads the row by its name or email and checks the password with the new hash's own compare (\`bcrypt.compare\`, \`argon2.verify\`), never \`${write.column} = …\` in the SQL; ${today}, so a new hash at registration alone locks every user out`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
