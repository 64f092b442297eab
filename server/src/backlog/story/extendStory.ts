// Extending a story with what a wider selection found: the new findings and criteria join the
// existing story, which keeps its key, title, narrative and the boxes people have ticked. This is
// what a superset selection offers instead of filing a story that repeats another.
import { priorityOf } from './risk';
import { sortStride, STRIDE } from './stride';
import type { Story } from './types';

export interface Extension {
  story: Story;
  /** What the extension added, for the message to the person who asked. */
  addedFindings: number;
  addedCriteria: number;
}

/** `existing` with the findings, criteria and STRIDE letters of `addition` it lacks; the worse risk wins. */
export function extendStory(existing: Story, addition: Story): Extension {
  const known = new Set(existing.findings.map((f) => f.fingerprint));
  const newFindings = addition.findings.filter((f) => !known.has(f.fingerprint));
  const texts = new Set(existing.acceptanceCriteria.map((c) => c.text));
  // A criterion the wider selection shares with the story (the same fix, the same test) is not repeated.
  const newCriteria = addition.acceptanceCriteria.filter((c) => !texts.has(c.text)).map((c) => ({ ...c, done: false }));
  const stride = sortStride([...new Set([...existing.stride, ...addition.stride])]);
  const risk = addition.risk.score > existing.risk.score ? addition.risk : existing.risk;
  const wider = addition.excerpt.lines[0] <= existing.excerpt.lines[0] && addition.excerpt.lines[1] >= existing.excerpt.lines[1];
  const lines: [number, number] = [Math.min(existing.entryPoint.lines[0], addition.entryPoint.lines[0]), Math.max(existing.entryPoint.lines[1], addition.entryPoint.lines[1])];
  const platformControls = [...new Set([...(existing.platformControls ?? []), ...(addition.platformControls ?? [])])];
  const labels = [...new Set([...existing.labels.filter((l) => !l.startsWith('risk-')), ...addition.labels.filter((l) => !l.startsWith('risk-')), `risk-${risk.severity.toLowerCase()}`])];
  const story: Story = {
    ...existing,
    stride,
    properties: stride.map((s) => STRIDE[s].property),
    entryPoint: { ...existing.entryPoint, lines },
    findings: [...existing.findings, ...newFindings],
    risk,
    priority: priorityOf(risk.severity),
    acceptanceCriteria: [...existing.acceptanceCriteria, ...newCriteria],
    labels,
    excerpt: wider ? addition.excerpt : existing.excerpt,
    ...(existing.testSkeleton ?? addition.testSkeleton ? { testSkeleton: existing.testSkeleton ?? addition.testSkeleton } : {}),
    ...(platformControls.length > 0 ? { platformControls } : {}),
    provenance: { ...existing.provenance, redactions: existing.provenance.redactions + addition.provenance.redactions },
  };
  return { story, addedFindings: newFindings.length, addedCriteria: newCriteria.length };
}
