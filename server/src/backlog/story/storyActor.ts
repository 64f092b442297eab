// Who attacks, as the narrative names them. A prerequisite ("with a staff account") says who the
// attacker is, so it replaces the seed's generic actor instead of being appended to it: "an
// anonymous internet user with a staff account" contradicts itself. An actor the person typed is
// theirs, and their prerequisite qualifies it.

/** The actor of the narrative, with the prerequisite when there is one. */
export function narrativeActor(seedActor: string, chosenActor: string | undefined, prerequisites: string | undefined): string {
  if (!prerequisites) return chosenActor ?? seedActor;
  return `${chosenActor ?? 'attacker'} ${qualifier(prerequisites)}`;
}

/** The actor the story records on its own: the person's, else a bare "attacker" when a prerequisite replaced the seed's. */
export function storyActor(seedActor: string, chosenActor: string | undefined, prerequisites: string | undefined): string {
  return chosenActor ?? (prerequisites ? 'attacker' : seedActor);
}

/** "with a staff account" reads after a noun as it is; "has a staff account" needs a "who". */
function qualifier(prerequisites: string): string {
  return /^(?:with|who|whose|that|holding|having|using|on|in|from|behind|inside|as)\b/i.test(prerequisites) ? prerequisites : `who ${prerequisites}`;
}

export function withArticle(actor: string): string {
  if (/^(?:a|an|the|any|anyone|anybody|someone|somebody|some|one|my|our)\s/i.test(actor)) return actor;
  const word = actor.split(/\s/)[0].toLowerCase();
  const vowelSound = /^[aeiou]/.test(word) && !/^(?:u[nr]?i|use|usu|eu|one|once)/.test(word);
  return `${vowelSound || /^hon|^hour/.test(word) ? 'an' : 'a'} ${actor}`;
}
