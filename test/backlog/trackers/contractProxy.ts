// The proxy of the contract tests: every request an adapter makes goes to Prism, which validates it
// against the vendor's OpenAPI description and answers with a static example, and to the stateful
// stand-in, whose answer the adapter gets, so the flows are real. A request Prism finds invalid
// carries an `sl-violations` header or gets a 4xx status; a route the description lacks is not sent
// to Prism at all, only recorded with the reason the caller gave, so the gap stays visible. The
// stand-in's answer can be checked against the description too (openApiResponses.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResponseCheck } from './openApiResponses';
import { readRequestBody } from './requestBody';

export interface CheckedRequest {
  /** Method and path with the query, as the adapter sent it. */
  request: string;
  /** Prism's status; absent when the route is not in the description. */
  status?: number;
  /** Prism's complaints about the request, as JSON. */
  violations?: string;
  /** Why Prism did not see the request. */
  notInDescription?: string;
  /** Where the stand-in's answer breaks the description's response schema. */
  answerViolations?: string[];
}

export interface ContractProxyOptions {
  prismUrl: string;
  /** Request headers passed on; the rest (connection, host, ...) belong to the hop. */
  forwardHeaders: readonly string[];
  /** Headers Prism gets instead of the adapter's, for negotiation the description does not list. */
  prismHeaders?: Record<string, string>;
  /** The reason a route is missing from the description, or undefined when it is there. */
  notInDescription?: (method: string, path: string) => string | undefined;
  /** Checks the stand-in's answer against the description's response schemas. */
  checkAnswer?: ResponseCheck;
}

export class ContractProxy {
  readonly checked: CheckedRequest[] = [];
  /** Where the adapter's requests end up once Prism has seen them. */
  standInUrl = '';
  url = '';
  private server?: Server;

  constructor(private readonly options: ContractProxyOptions) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const received = await readRequestBody(req);
        const body = received.length > 0 ? received : undefined;
        const headers: Record<string, string> = {};
        for (const name of this.options.forwardHeaders) {
          const value = req.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        const forward = (base: string, extra: Record<string, string> = {}) => fetch(`${base}${req.url}`, { method: req.method, headers: { ...headers, ...extra }, ...(body ? { body } : {}) });
        const method = req.method ?? '';
        const path = new URL(req.url ?? '/', 'http://proxy').pathname;
        const checked: CheckedRequest = { request: `${method} ${req.url}` };
        const missing = this.options.notInDescription?.(method, path);
        if (missing) {
          checked.notInDescription = missing;
        } else {
          const prism = await forward(this.options.prismUrl, this.options.prismHeaders);
          checked.status = prism.status;
          const violations = requestViolations(prism.headers.get('sl-violations'));
          if (violations) checked.violations = violations;
          await prism.arrayBuffer();
        }
        const answer = await forward(this.standInUrl);
        const text = await answer.text();
        if (this.options.checkAnswer) {
          const answerViolations = answerJson(text, (json) => this.options.checkAnswer!(method, path, answer.status, json));
          if (answerViolations.length > 0) checked.answerViolations = answerViolations;
        }
        this.checked.push(checked);
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Method and path without the query of every request Prism saw. */
  validatedRoutes(): string[] {
    return this.checked.filter((c) => c.notInDescription === undefined).map((c) => c.request.replace(/\?.*/, ''));
  }

  /** Requests Prism refused or flagged, or whose answer the description refuses, for the assertion message. */
  problems(): CheckedRequest[] {
    return this.checked.filter((c) => c.violations !== undefined || (c.status ?? 0) >= 400 || c.answerViolations !== undefined);
  }
}

/** The check's verdict on the answer's JSON; an answer that is not JSON is a violation of its own. */
function answerJson(text: string, check: (json: unknown) => string[]): string[] {
  if (!text) return check(undefined);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [`the answer is not JSON: ${text.slice(0, 80)}`];
  }
  return check(json);
}

/**
 * The violations of the request. Prism also reports where the vendor's own example responses break
 * the vendor's schema (location "response"); those say nothing about the adapter.
 */
function requestViolations(header: string | null): string | undefined {
  if (!header) return undefined;
  const all = JSON.parse(header) as { location?: string[]; message?: string }[];
  const ours = all.filter((v) => v.location?.[0] === 'request');
  return ours.length > 0 ? JSON.stringify(ours) : undefined;
}
