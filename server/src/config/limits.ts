// Bounds on what a `.rugged.json` may be, so a hostile file costs a bounded amount of work. Limits
// on the values themselves (entries, lengths) live in the schema, where editors can show them too.

/** A configuration is a few hundred bytes in practice; anything past this is refused unread. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * Deepest nesting of objects and arrays accepted. The JSON parser and the value builder recurse
 * per level, so the depth is checked by a linear scan before either runs.
 */
export const MAX_CONFIG_DEPTH = 64;

/** Problems listed per file; the rest are counted in one last problem, so output stays readable. */
export const MAX_CONFIG_PROBLEMS = 100;

/** How much of a key or value a problem quotes. */
export const MAX_QUOTED_LENGTH = 60;
