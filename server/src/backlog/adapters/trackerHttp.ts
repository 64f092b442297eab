// The one way a remote tracker adapter talks HTTP: the platform's fetch (no vendor client, so the
// server bundle stays small and every request is visible here), JSON in and out, a timeout, retries
// with backoff for rate limits and server errors (honouring Retry-After), and failures turned into
// one-line BacklogErrors that name the tracker and what was not done. Tokens never reach a message:
// every text that leaves this file has the client's secrets and anything credential-shaped replaced.
import { redactSecrets } from '../../redaction/redact';
import { BacklogError, type BacklogErrorCode } from '../backlog';

export type FailureKind = 'rate-limited' | 'server' | 'network' | 'unauthorized' | 'forbidden' | 'not-found' | 'moved' | 'rejected';

/** A request that did not succeed, before it is explained to the user. */
export class TrackerFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    /** Already redacted. */
    readonly detail: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(detail);
    this.name = 'TrackerFailure';
  }

  /** The request may have been carried out (the answer was lost or the server failed mid-way). */
  get outcomeUnknown(): boolean {
    return this.kind === 'server' || this.kind === 'network';
  }

  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.outcomeUnknown;
  }
}

export interface TrackerResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

export interface TrackerClientOptions {
  /** "GitHub", "GitLab", "Jira": how every message starts. */
  tracker: string;
  /** For messages: "acme/shop at https://api.github.com". */
  where: string;
  baseUrl: string;
  /** Sent with every request; the authentication header among them. */
  headers: Record<string, string>;
  /** Values no message may contain: the token, the encoded basic credentials. */
  secrets: readonly string[];
  /** What to do when the tracker refuses the credentials (which variable, which permission). */
  authHint: string;
  /** Tries per request, the first included. */
  attempts?: number;
  /** First backoff; doubled per retry, capped at eight times. */
  backoffMs?: number;
  /** A longer Retry-After is not waited for: the failure is reported with the time to wait. */
  maxWaitMs?: number;
  timeoutMs?: number;
}

const DEFAULT_ATTEMPTS = 4;
const DEFAULT_BACKOFF_MS = 500;
const DEFAULT_MAX_WAIT_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DETAIL_MAX = 200;

export class TrackerClient {
  constructor(private readonly options: TrackerClientOptions) {}

  get where(): string {
    return this.options.where;
  }

  /** One request, no retry. Non-2xx answers and network failures throw a TrackerFailure. */
  async send(method: string, path: string, body?: unknown): Promise<TrackerResponse> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'rugged-security-linter', ...this.options.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        // A redirect is reported, never followed: the token would go with it to wherever it points.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'no answer in time' : cause ?? (error instanceof Error ? error.message : String(error));
      throw new TrackerFailure('network', this.clean(`the request failed (${reason})`));
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (response.ok) return { status: response.status, headers: response.headers, body: parsed };
    throw this.failureOf(response, parsed);
  }

  /**
   * A request that may simply be repeated (reads, updates to a known item): retried on rate
   * limits, server errors and network failures with backoff.
   */
  async call(method: string, path: string, body?: unknown): Promise<TrackerResponse> {
    return this.retrying(() => this.send(method, path, body));
  }

  /**
   * Runs `attempt` until it succeeds or fails for good. After a failure whose outcome is unknown
   * (a 5xx, a lost connection), `reconcile` runs before the next try: a create looks for the item
   * it may have made, and its answer ends the retries, so a create is never re-sent blindly.
   */
  async retrying<T>(attempt: () => Promise<T>, reconcile?: () => Promise<T | undefined>): Promise<T> {
    const attempts = this.options.attempts ?? DEFAULT_ATTEMPTS;
    const base = this.options.backoffMs ?? DEFAULT_BACKOFF_MS;
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof TrackerFailure) || !error.retryable || n >= attempts) throw error;
        const maxWait = this.options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
        if (error.retryAfterMs !== undefined && error.retryAfterMs > maxWait) throw error;
        const wait = error.retryAfterMs ?? Math.min(base * 2 ** (n - 1), base * 8) * (0.75 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, wait));
        if (error.outcomeUnknown && reconcile) {
          const found = await reconcile();
          if (found !== undefined) return found;
        }
      }
    }
  }

  /**
   * The one-line refusal for the user: the tracker, where, what could not be done and why, what
   * to do, and what state things are in (`consequence`: "Nothing was created.").
   */
  explain(error: unknown, action: string, consequence: string): BacklogError {
    if (error instanceof BacklogError) return error;
    const { tracker, where, authHint } = this.options;
    const target = where;
    const say = (code: BacklogErrorCode, reason: string) =>
      new BacklogError(code, target, this.clean(`${tracker} (${where}): could not ${action}: ${reason}. ${consequence}`));
    if (!(error instanceof TrackerFailure)) return say('write-failed', `unexpected error (${error instanceof Error ? error.message : String(error)})`);
    const detail = error.detail ? ` (${error.detail})` : '';
    switch (error.kind) {
      case 'unauthorized':
        return say('unauthorized', `the credentials were refused${detail}; ${authHint}`);
      case 'forbidden':
        return say('permission-denied', `permission denied${detail}; ${authHint}`);
      case 'not-found':
        return say('not-found', `not found${detail}; check the backlog settings in .rugged.json and that the token can see it`);
      case 'moved':
        return say('not-found', `it has moved${detail}, which is how a renamed or transferred repository or project answers; the token is not sent after a redirect, so update the backlog settings in .rugged.json to the new name`);
      case 'rate-limited': {
        const when = error.retryAfterMs !== undefined ? `; try again in ${Math.ceil(error.retryAfterMs / 1000)} s` : '; try again later';
        return say('rate-limited', `rate limited${detail}${when}`);
      }
      case 'server':
        return say('unreachable', `the tracker failed${detail}`);
      case 'network':
        return say('unreachable', `${error.detail}`);
      default:
        return say('refused', `the request was refused${detail}`);
    }
  }

  /** Secrets of this client and anything credential-shaped replaced; one line, bounded. */
  clean(text: string): string {
    let out = text;
    for (const secret of this.options.secrets) if (secret) out = out.split(secret).join('[REDACTED]');
    return redactSecrets(out.replace(/[\r\n]+/g, ' ')).text;
  }

  private failureOf(response: Response, body: unknown): TrackerFailure {
    const status = response.status;
    const detail = this.clean(`HTTP ${status}${describeBody(body) ? `: ${describeBody(body)}` : ''}`);
    const retryAfterMs = retryAfter(response.headers);
    if (status >= 300 && status < 400) {
      const location = response.headers.get('location');
      return new TrackerFailure('moved', location ? this.clean(`${detail}, to ${location}`) : detail, status);
    }
    if (status === 429) return new TrackerFailure('rate-limited', detail, status, retryAfterMs);
    // GitHub's secondary rate limits answer 403 with Retry-After, its primary limit 403 with no
    // requests left; neither is a permission problem.
    if (status === 403 && (retryAfterMs !== undefined || response.headers.get('x-ratelimit-remaining') === '0')) {
      return new TrackerFailure('rate-limited', detail, status, retryAfterMs ?? resetWait(response.headers));
    }
    if (status >= 500) return new TrackerFailure('server', detail, status, retryAfterMs);
    if (status === 401) return new TrackerFailure('unauthorized', detail, status);
    if (status === 403) return new TrackerFailure('forbidden', detail, status);
    if (status === 404 || status === 410) return new TrackerFailure('not-found', detail, status);
    return new TrackerFailure('rejected', detail, status);
  }
}

/** The tracker's own reason, shortened: GitHub and GitLab `message`, Jira `errorMessages`/`errors`. */
function describeBody(body: unknown): string {
  let text = '';
  if (typeof body === 'string') text = body;
  else if (body && typeof body === 'object') {
    const b = body as { message?: unknown; error?: unknown; errorMessages?: unknown; errors?: unknown };
    const parts: string[] = [];
    if (typeof b.message === 'string') parts.push(b.message);
    else if (typeof b.error === 'string') parts.push(b.error);
    if (Array.isArray(b.errorMessages)) parts.push(...b.errorMessages.filter((m): m is string => typeof m === 'string'));
    if (b.errors && typeof b.errors === 'object' && !Array.isArray(b.errors)) {
      for (const [key, value] of Object.entries(b.errors)) if (typeof value === 'string') parts.push(`${key}: ${value}`);
    }
    // GitHub's 422 says only "Validation Failed" in `message`; which field and why is in `errors`.
    if (Array.isArray(b.errors)) parts.push(...b.errors.map(githubValidationError).filter((m) => m !== ''));
    text = parts.join('; ');
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX)}...` : text;
}

/** One item of GitHub's `errors` list: `{ resource, field, code }`, a `message` (code "custom"), or a plain string. */
function githubValidationError(item: unknown): string {
  if (typeof item === 'string') return item;
  if (!item || typeof item !== 'object') return '';
  const e = item as { resource?: unknown; field?: unknown; code?: unknown; message?: unknown };
  if (typeof e.message === 'string') return e.message;
  const where = [e.resource, e.field].filter((p): p is string => typeof p === 'string').join('.');
  const code = typeof e.code === 'string' ? e.code.replace(/_/g, ' ') : '';
  return [where, code].filter(Boolean).join(' ');
}

/** Retry-After in seconds or as an HTTP date, in milliseconds. */
function retryAfter(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** GitHub's x-ratelimit-reset (epoch seconds) as a wait. */
function resetWait(headers: Headers): number | undefined {
  const reset = Number(headers.get('x-ratelimit-reset'));
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined;
}
