// The evidence report in the format asked for: JSON keeps the whole model, Markdown and HTML
// render all of it for people.
import type { EvidenceReport, ReportFormat } from './report';
import { renderHtml } from './reportHtml';
import { renderMarkdown } from './reportMarkdown';

export function renderReport(report: EvidenceReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'html') return renderHtml(report);
  return renderMarkdown(report);
}
