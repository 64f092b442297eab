// A local GitHub that answers only with recorded exchanges (octokitFixtures.ts): the recorded
// status, headers (Link, rate limits, Location) and body, with the recording's repository shown as
// the test's and api.github.com as this server. It keeps no state and invents nothing: a request
// the recording does not have is answered 400 and listed in `unexpected`, which each test checks
// is empty, so the failure names the request. Request bodies are not matched (the adapter's differ
// from the recorder's by nature); they are recorded for the tests to check.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedExchange } from './octokitFixtures';
import { readRequestBody } from './requestBody';

const RECORDED_ORG = 'octokit-fixture-org';
const RECORDED_API = 'https://api.github.com';
/** Transport headers of the recorded connection, not of the answer. */
const HOP_HEADERS = new Set(['connection', 'content-length', 'transfer-encoding']);

export interface ReplayOptions {
  exchanges: RecordedExchange[];
  /** "owner/name" the test configures; every recorded repository of the organisation is shown as it. */
  repository: string;
  token: string;
  /**
   * Query parameters left out of matching, each with why: the recorder asked other pages or
   * filters than the adapter does, and the answer is still the one to read.
   */
  ignoredQuery?: Record<string, string>;
}

export interface ReplayedRequest {
  method: string;
  path: string;
  body: unknown;
  /** The exchange that answered it; undefined when none matched. */
  origin?: string;
}

export class RecordingReplay {
  readonly requests: ReplayedRequest[] = [];
  /** Requests no recorded exchange matched, or sent without the token: each one a test failure. */
  readonly unexpected: string[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly options: ReplayOptions) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const text = (await readRequestBody(req)).toString('utf8');
        const method = (req.method ?? '').toUpperCase();
        const path = req.url ?? '/';
        const request: ReplayedRequest = { method, path, body: text ? (JSON.parse(text) as unknown) : undefined };
        this.requests.push(request);
        if (req.headers.authorization !== `Bearer ${this.options.token}`) this.unexpected.push(`${method} ${path} without the token`);
        const exchange = this.options.exchanges.find((e) => e.method.toUpperCase() === method && this.samePath(this.shown(e.path), path));
        if (!exchange) {
          this.unexpected.push(`${method} ${path} is not in the recording`);
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `not in the recording: ${method} ${path}` }));
          return;
        }
        request.origin = exchange.origin;
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(exchange.headers)) {
          if (!HOP_HEADERS.has(name)) headers[name] = this.shown(String(value));
        }
        res.writeHead(exchange.status, headers);
        res.end(exchange.response === '' ? '' : this.shown(JSON.stringify(exchange.response)));
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Recorded text as the test sees it: its repository, and this server for api.github.com. */
  private shown(text: string): string {
    const repo = this.options.repository;
    return text
      .replace(new RegExp(`(/repos/|github\\.com/)${RECORDED_ORG}/[A-Za-z0-9_.-]+`, 'g'), `$1${repo}`)
      .replace(new RegExp(`"full_name":"${RECORDED_ORG}/[A-Za-z0-9_.-]+"`, 'g'), `"full_name":"${repo}"`)
      .split(RECORDED_API)
      .join(this.url);
  }

  /** Same path, and the same query apart from the parameters the test chose to ignore. */
  private samePath(recorded: string, sent: string): boolean {
    const a = new URL(recorded, 'http://replay');
    const b = new URL(sent, 'http://replay');
    if (a.pathname !== b.pathname) return false;
    const ignored = this.options.ignoredQuery ?? {};
    const names = new Set([...a.searchParams.keys(), ...b.searchParams.keys()].filter((n) => !(n in ignored)));
    return [...names].every((n) => a.searchParams.get(n) === b.searchParams.get(n));
  }
}

/** A recorded answer served for another request: the real body and headers, for a route the recording did not make. */
export function servedFor(exchange: RecordedExchange, method: string, path: string, why: string): RecordedExchange {
  return { ...exchange, method, path, origin: `${exchange.origin}, served for ${method} ${path} (${why})` };
}
