// STRIDE vocabulary, and the goal catalogue (goalCatalogue.ts) looked up by letter or id.
import { GOAL_CATALOGUE, type CatalogueGoal } from './goalCatalogue';
import type { StrideCategory } from './types';

export { GOAL_CATALOGUE, type CatalogueGoal };

export const STRIDE_LETTERS: readonly StrideCategory[] = ['S', 'T', 'R', 'I', 'D', 'E'];

export interface StrideInfo {
  letter: StrideCategory;
  name: string;
  /** The security property an attack of this kind violates. */
  property: string;
}

export const STRIDE: Readonly<Record<StrideCategory, StrideInfo>> = {
  S: { letter: 'S', name: 'Spoofing', property: 'Authentication' },
  T: { letter: 'T', name: 'Tampering', property: 'Integrity' },
  R: { letter: 'R', name: 'Repudiation', property: 'Non-repudiation' },
  I: { letter: 'I', name: 'Information disclosure', property: 'Confidentiality' },
  D: { letter: 'D', name: 'Denial of service', property: 'Availability' },
  E: { letter: 'E', name: 'Elevation of privilege', property: 'Authorization' },
};

/** Personas offered in the actor pick list; free text is accepted too. */
export const ACTORS: readonly string[] = [
  'anonymous internet user',
  'authenticated low-privilege user',
  'user of another tenant',
  'malicious insider with administrator access',
  'automated bot',
  'compromised dependency or CI job',
];

export function goalsFor(stride: readonly StrideCategory[]): CatalogueGoal[] {
  if (stride.length === 0) return [...GOAL_CATALOGUE];
  return GOAL_CATALOGUE.filter((goal) => stride.includes(goal.stride));
}

export function findGoal(id: string): CatalogueGoal | undefined {
  return GOAL_CATALOGUE.find((goal) => goal.id === id);
}

/** Accepts "S,T", "s t", "Spoofing,tampering" or "stride-s"; unknown words are returned separately. */
export function parseStride(input: string): { stride: StrideCategory[]; unknown: string[] } {
  const stride: StrideCategory[] = [];
  const unknown: string[] = [];
  for (const raw of input.split(/[\s,;]+/).filter(Boolean)) {
    const word = raw.toLowerCase().replace(/^stride-/, '');
    const letter = STRIDE_LETTERS.find(
      (l) => l.toLowerCase() === word || STRIDE[l].name.toLowerCase().replace(/\s+/g, '-') === word || STRIDE[l].name.toLowerCase().split(' ')[0] === word,
    );
    if (!letter) unknown.push(raw);
    else if (!stride.includes(letter)) stride.push(letter);
  }
  return { stride: sortStride(stride), unknown };
}

export function sortStride(letters: Iterable<StrideCategory>): StrideCategory[] {
  const set = new Set(letters);
  return STRIDE_LETTERS.filter((l) => set.has(l));
}
