// Preloaded (`node --import`) into the conformance suite's Node 22 process, which cannot send an
// Authorization header itself. Adds `Authorization: Bearer <token>` to requests for the MCP endpoint
// only — never to any other URL, and never over a header the suite set on purpose.
// Plain JavaScript: it runs in the suite's Node, outside the workspace's TypeScript toolchain.
import http from 'node:http';
import { createRequire } from 'node:module';

const TOKEN_VARIABLE = 'NC_MCP_CONFORMANCE_TOKEN';
const URL_VARIABLE = 'NC_MCP_CONFORMANCE_URL';

const token = process.env[TOKEN_VARIABLE];
const target = process.env[URL_VARIABLE];
// The token stays in this module's closure, out of anything the suite might print or pass on.
delete process.env[TOKEN_VARIABLE];
if (!token || !target) {
  throw new Error(`authPreload: ${TOKEN_VARIABLE} and ${URL_VARIABLE} must both be set`);
}
const mcp = new URL(target);
const bearer = `Bearer ${token}`;

/** Same origin and same path as the MCP endpoint (any query string). */
function isMcpEndpoint(origin, pathname) {
  return origin === mcp.origin && pathname === mcp.pathname;
}

// 1. `fetch`: what the MCP SDK client and most scenarios use.
const originalFetch = globalThis.fetch;
globalThis.fetch = function fetchWithBearer(input, init) {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (!isMcpEndpoint(url.origin, url.pathname)) return originalFetch(input, init);
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  if (!headers.has('authorization')) headers.set('authorization', bearer);
  return originalFetch(input, { ...init, headers });
};

// 2. undici's `request`: dns-rebinding-protection calls it directly to set a Host header fetch forbids.
// It dispatches through the global dispatcher, which Node's own fetch shares: wrap that one instance's
// `dispatch`. The suite's own undici (resolved from the suite's entry) creates it, so all agree on it.
const suiteRequire = createRequire(process.argv[1] ?? import.meta.url);
const dispatcher = suiteRequire('undici').getGlobalDispatcher();
const dispatch = dispatcher.dispatch.bind(dispatcher);
dispatcher.dispatch = (options, handler) => dispatch(withBearer(options), handler);

function withBearer(options) {
  const origin = typeof options.origin === 'string' ? options.origin : options.origin?.origin;
  const pathname = new URL(options.path ?? '/', 'http://x').pathname;
  if (!isMcpEndpoint(origin, pathname)) return options;
  const headers = options.headers;
  if (headers === undefined || headers === null) return { ...options, headers: { authorization: bearer } };
  if (Array.isArray(headers)) {
    // undici's flat form: [name, value, name, value, ...].
    if (headers.some((item, i) => i % 2 === 0 && String(item).toLowerCase() === 'authorization'))
      return options;
    return { ...options, headers: [...headers, 'authorization', bearer] };
  }
  if (typeof headers[Symbol.iterator] === 'function') {
    const entries = Object.fromEntries(headers);
    return withBearer({ ...options, headers: entries });
  }
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return options;
  return { ...options, headers: { ...headers, authorization: bearer } };
}

// 3. `http.request`: http-header-validation sends raw header values through it. The suite calls it
// on the module object (`http.request(...)`), so replacing the property is enough.
const originalHttpRequest = http.request;
http.request = function requestWithBearer(...args) {
  return originalHttpRequest.apply(this, httpArgsWithBearer(args));
};

function httpArgsWithBearer(args) {
  const [first, second, ...rest] = args;
  const urlFirst = typeof first === 'string' || first instanceof URL;
  const options = urlFirst ? (typeof second === 'object' && second !== null ? second : {}) : (first ?? {});
  const url = urlFirst
    ? new URL(first)
    : new URL(
        `${options.protocol ?? 'http:'}//${options.hostname ?? options.host ?? 'localhost'}${options.port ? `:${options.port}` : ''}${options.path ?? '/'}`,
      );
  if (!isMcpEndpoint(url.origin, url.pathname)) return args;
  const headers = options.headers ?? {};
  if (Array.isArray(headers)) return args; // raw header lists: left as the suite wrote them
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return args;
  const withBearer = { ...options, headers: { ...headers, authorization: bearer } };
  if (!urlFirst) return [withBearer, second, ...rest].slice(0, args.length);
  return typeof second === 'object' && second !== null
    ? [first, withBearer, ...rest]
    : [first, withBearer, ...args.slice(1)];
}
