// Where attacker-controlled input enters a program, per framework, as data: the data flow reads
// these tables and knows no framework by name. Supporting another framework is an entry here, and
// a test case of the data flow that shows its handler's input reaching a sink.

/** How one framework hands request input to code. */
export interface FrameworkSources {
  name: string;
  /** Fields of its request object that carry what the client sent (`req.query`, `event.body`). */
  inputFields?: readonly string[];
  /** Methods of its request object that return client input (`req.get('x')`, `request.json()`). */
  inputMethods?: readonly string[];
  /** Methods of an app or router that register HTTP handlers (`app.get(path, handler)`). */
  routeMethods?: readonly string[];
  /** Names of exported functions that are HTTP handlers by convention (Next.js App Router). */
  handlerExports?: readonly string[];
  /** Parameter decorators of a controller's methods that inject client input (`@Body() dto`, `@Query('q') q`). */
  inputDecorators?: readonly string[];
  /** Parameter decorators that inject the request object itself (`@Req() req`). */
  requestDecorators?: readonly string[];
  /**
   * Fields only this platform's events carry (`event.pathParameters`): a function exported under
   * any name that reads them is the platform's handler, and so are its siblings named like one.
   */
  eventOnlyFields?: readonly string[];
  /**
   * Fields of a context that is request and response in one (Koa's `ctx`) that hold the answer:
   * reading `ctx.body` gives what the handler or a later middleware is sending back, while the
   * request's own body is `ctx.request.body`.
   */
  contextAnswerFields?: readonly string[];
  /**
   * Input fields whose names other objects called `req` use for their own things (Payload CMS's
   * `req.payload` is its instance): input only in a file that shows this framework by a module it
   * imports, a handler's second parameter named like the framework's toolkit, or a route call given
   * a route configuration (`frameworkEvidence.ts`).
   */
  shownBy?: { fields: readonly string[]; modules: RegExp; toolkitParams?: readonly string[]; routeCalls?: readonly string[] };
}

export const FRAMEWORK_SOURCES: readonly FrameworkSources[] = [
  {
    name: 'Express and Connect',
    inputFields: ['query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'url', 'originalUrl', 'path', 'hostname', 'files', 'file'],
    inputMethods: ['get', 'header', 'param', 'cookie'],
    routeMethods: ['get', 'post', 'put', 'patch', 'delete', 'all', 'use', 'options', 'head', 'route', 'handle'],
  },
  {
    // `body` and `rawBody` are `ctx.request`'s (koa-bodyparser); `ctx.body` itself is the answer.
    name: 'Koa and koa-router',
    inputFields: ['query', 'querystring', 'search', 'body', 'params', 'headers', 'url', 'path', 'rawBody'],
    inputMethods: ['get'],
    routeMethods: ['del'],
    contextAnswerFields: ['body'],
  },
  { name: 'Fastify', inputFields: ['query', 'body', 'params', 'headers', 'url', 'hostname'], routeMethods: ['route'] },
  {
    name: 'Hapi',
    inputFields: ['query', 'payload', 'params', 'headers', 'url', 'path'],
    routeMethods: ['route'],
    shownBy: { fields: ['payload'], modules: /^(?:@hapi\/|hapi$)/, toolkitParams: ['h'], routeCalls: ['route'] },
  },
  { name: 'Restify', routeMethods: ['del'] },
  {
    // Netlify Functions and Lambda function URLs hand over the same event.
    name: 'AWS Lambda and API Gateway',
    inputFields: ['body', 'headers', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'rawQueryString', 'rawPath', 'multiValueHeaders'],
    eventOnlyFields: ['queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'requestContext', 'rawQueryString', 'multiValueHeaders', 'stageVariables', 'isBase64Encoded'],
  },
  {
    name: 'Fetch API Request (Next.js, Remix, Hono, workers)',
    inputFields: ['url', 'headers', 'body', 'nextUrl', 'searchParams'],
    inputMethods: ['json', 'text', 'formData'],
    handlerExports: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
  },
  {
    // GraphQL resolvers' `@Args()` and microservice or WebSocket `@Payload()`/`@MessageBody()` too.
    name: 'NestJS',
    inputDecorators: ['Body', 'Query', 'Param', 'Headers', 'HostParam', 'Args', 'Payload', 'MessageBody'],
    requestDecorators: ['Req', 'Request'],
  },
  {
    name: 'routing-controllers',
    inputDecorators: ['BodyParam', 'QueryParam', 'QueryParams', 'Params', 'HeaderParam', 'HeaderParams', 'CookieParam', 'CookieParams'],
  },
  { name: 'Ts.ED', inputDecorators: ['BodyParams', 'PathParams', 'RawPathParams', 'RawQueryParams', 'Cookies'] },
];

/**
 * Request fields where upload middleware puts the files it received: multer's `req.file` and
 * `req.files`, express-fileupload's `req.files`, koa-body's `ctx.request.files`.
 */
export const UPLOAD_FIELDS: ReadonlySet<string> = new Set(['file', 'files']);

/**
 * Fields of a received file that say where the middleware stored it: multer's `path` and
 * `destination`, formidable's `filepath` (`path` before version 2), express-fileupload's
 * `tempFilePath`. The middleware picks them, under its own directory and with a random name, so
 * they are not the client's input; the client's own name for the file (`originalname`, `name`,
 * `originalFilename`), its type and its content are.
 */
export const STORED_UPLOAD_FIELDS: ReadonlySet<string> = new Set(['path', 'filepath', 'tempFilePath', 'destination']);

/** Decorators of the classes whose methods are handlers (`@Controller()`, `@JsonController()`, `@Resolver()`, `@WebSocketGateway()`). */
export const CONTROLLER_CLASS_DECORATOR = /(Controller|Resolver|Gateway)$/;
/** NestJS pipes whose output is a number, boolean, UUID or enum member (`@Param('id', ParseIntPipe)`). */
export const PARSING_PIPE = /^Parse(Int|Float|Bool|UUID|Enum)Pipe$/;

/** Parameter names that hold a request object wherever they appear. */
export const REQUEST_PARAM_NAMES: ReadonlySet<string> = new Set(['req', 'request', 'ctx', 'context']);

/** Browser globals whose fields the page's visitor controls (DOM XSS sources). */
export const BROWSER_SOURCES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['location', new Set(['search', 'hash', 'href', 'pathname'])],
  ['document', new Set(['URL', 'documentURI', 'referrer', 'cookie', 'baseURI'])],
]);

function union(pick: (framework: FrameworkSources) => readonly string[] | undefined): ReadonlySet<string> {
  return new Set(FRAMEWORK_SOURCES.flatMap((framework) => pick(framework) ?? []));
}

// Without types, a request object cannot be told apart by framework: every framework's names apply.
export const REQUEST_INPUT_FIELDS = union((f) => f.inputFields);
export const REQUEST_INPUT_METHODS = union((f) => f.inputMethods);
export const ROUTE_METHODS = union((f) => f.routeMethods);
export const HANDLER_EXPORT_NAMES = union((f) => f.handlerExports);
export const INPUT_DECORATORS = union((f) => f.inputDecorators);
export const REQUEST_DECORATORS = union((f) => f.requestDecorators);
export const EVENT_ONLY_FIELDS = union((f) => f.eventOnlyFields);
export const CONTEXT_ANSWER_FIELDS = union((f) => f.contextAnswerFields);
