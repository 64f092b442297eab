// The plumbing the GitHub, GitLab and Jira stand-ins share: a local HTTP server that records every
// request, checks the credentials, plays scripted faults per route and lets the stand-in answer the
// rest. GitHub's and Jira Cloud's requests are also checked against the vendors' OpenAPI
// descriptions by Prism (the contract tests); GitLab publishes none that reaches this machine, and
// Jira's leaves parts unchecked, so the stand-ins validate request bodies themselves, against the
// documented parameters and, for Jira Cloud descriptions, Atlassian's ADF JSON Schema, and answer
// 400 to anything else.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRequestBody } from './requestBody';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface Fault {
  /** `POST /api/v4/projects/1/issues`: method and path without the query. */
  route: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Carry the request out, then answer with the fault (the answer was lost mid-way). */
  afterEffect?: boolean;
}

export interface Answer {
  status: number;
  body?: unknown;
}

export abstract class StandInServer {
  readonly requests: RecordedRequest[] = [];
  /** Bodies the stand-in refused as invalid, with the reason. */
  readonly invalid: { route: string; problems: string[] }[] = [];
  private readonly faults: Fault[] = [];
  private server?: Server;
  url = '';

  /** The Authorization or Private-Token header value the stand-in accepts. */
  protected abstract authorised(headers: IncomingMessage['headers']): boolean;
  protected abstract route(method: string, url: URL, body: unknown): Promise<Answer> | Answer;
  protected abstract unauthorisedBody(): unknown;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const text = (await readRequestBody(req)).toString('utf8');
        const body: unknown = text ? JSON.parse(text) : undefined;
        const url = new URL(req.url ?? '/', 'http://stand-in');
        this.requests.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, headers: req.headers, body });
        const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(value === undefined ? '' : JSON.stringify(value));
        };
        if (!this.authorised(req.headers)) {
          send(401, this.unauthorisedBody());
          return;
        }
        const route = `${req.method} ${url.pathname}`;
        const index = this.faults.findIndex((f) => f.route === route);
        const fault = index >= 0 ? this.faults.splice(index, 1)[0] : undefined;
        if (fault && !fault.afterEffect) {
          send(fault.status, fault.body ?? { message: 'scripted fault' }, fault.headers);
          return;
        }
        const answer = await this.route(req.method ?? '', url, body);
        if (answer.status === 400) this.invalid.push({ route, problems: (answer.body as { problems?: string[] })?.problems ?? [] });
        if (fault) send(fault.status, fault.body ?? { message: 'scripted fault' }, fault.headers);
        else send(answer.status, answer.body);
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  fail(fault: Fault): void {
    this.faults.push(fault);
  }
}

/** Problems with an object's keys: unknown ones and required ones missing. */
export function keyProblems(value: unknown, where: string, allowed: readonly string[], required: readonly string[]): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${where} must be an object`];
  const keys = Object.keys(value);
  return [
    ...keys.filter((k) => !allowed.includes(k)).map((k) => `${where}.${k} is not a parameter`),
    ...required.filter((k) => !keys.includes(k)).map((k) => `${where}.${k} is required`),
  ];
}
