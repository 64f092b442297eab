// Names of Backlog.md task files, built only from the task number and a slug of the title, so no
// title can inject a path separator, a dot-dot or a control character into a file name.

export const SLUG_MAX = 50;

/** `[a-z0-9-]` only, at most SLUG_MAX characters, never empty. */
export function slugify(title: string): string {
  const ascii = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  let slug = ascii.replace(/'/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length > SLUG_MAX) {
    const cut = slug.slice(0, SLUG_MAX);
    const dash = cut.lastIndexOf('-');
    slug = (dash > SLUG_MAX / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
  }
  return slug || 'abuser-story';
}

export function formatNumber(n: number, zeroPadding: number): string {
  return zeroPadding > 0 ? String(n).padStart(zeroPadding, '0') : String(n);
}

/** Backlog.md ids are the prefix upper-cased: `TASK-7`. */
export function taskId(prefix: string, n: number, zeroPadding: number): string {
  return `${prefix.toUpperCase()}-${formatNumber(n, zeroPadding)}`;
}

/** `task-7 - forge-a-session.md`, the shape Backlog.md uses (its own keeps the title's case). */
export function taskFileName(prefix: string, n: number, zeroPadding: number, title: string): string {
  return `${prefix.toLowerCase()}-${formatNumber(n, zeroPadding)} - ${slugify(title)}.md`;
}

/** The task number in a Backlog.md file name, or undefined for other files. */
export function numberOfFile(prefix: string, name: string): number | undefined {
  const match = new RegExp(`^${escapeRegExp(prefix)}-(\\d+)(?:\\.\\d+)*(?: - .*)?\\.md$`, 'i').exec(name);
  return match ? Number(match[1]) : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
