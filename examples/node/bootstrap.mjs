// A minimal custom runtime for Node.js: the Lambda Runtime API loop (L16) around an
// unmodified handler module. Usage: node bootstrap.mjs <module>.<export> (default: $_HANDLER).
// The module is looked up in $LAMBDA_TASK_ROOT, then beside this file. AWS's own
// aws-lambda-ric needs Node >= 22 and a native build, so slsim ships this loop instead;
// on AWS the managed nodejs runtime does the same.
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [host, port] = (process.env.AWS_LAMBDA_RUNTIME_API ?? '127.0.0.1:9001').split(':');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const base = '/2018-06-01/runtime';

function call(method, route, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      { host, port: Number(port), method, path: base + route, agent,
        headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length, ...headers } : headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      });
    req.on('error', reject);
    req.end(payload);
  });
}

function errorDocument(e) {
  const err = e instanceof Error ? e : new Error(String(e));
  return JSON.stringify({ errorType: err.name ?? 'Error', errorMessage: err.message ?? String(e),
                          stackTrace: (err.stack ?? '').split('\n').slice(1, 6) });
}

async function loadHandler(spec) {
  const dot = spec.lastIndexOf('.');
  const moduleName = spec.slice(0, dot);
  const exportName = spec.slice(dot + 1);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const roots = [process.env.LAMBDA_TASK_ROOT ?? process.cwd(), here];
  for (const root of roots)
    for (const ext of ['', '.mjs', '.js', '.cjs']) {
      const file = path.resolve(root, moduleName + ext);
      if (fs.existsSync(file) && fs.statSync(file).isFile()) {
        const mod = await import(pathToFileURL(file).href);
        const fn = mod[exportName] ?? mod.default?.[exportName];
        if (typeof fn !== 'function') throw new Error(`${spec}: ${file} exports no function ${exportName}`);
        return fn;
      }
    }
  throw new Error(`${spec}: no module ${moduleName} in ${roots.join(' or ')}`);
}

let handler;
try {
  handler = await loadHandler(process.argv[2] ?? process.env._HANDLER ?? 'index.handler');
} catch (e) {
  await call('POST', '/init/error', errorDocument(e), { 'Lambda-Runtime-Function-Error-Type': 'Runtime.ImportModuleError' });
  process.exit(1);
}

for (;;) {
  const next = await call('GET', '/invocation/next');
  const id = next.headers['lambda-runtime-aws-request-id'];
  const deadline = Number(next.headers['lambda-runtime-deadline-ms']);
  const context = {
    awsRequestId: id,
    invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
  process.env._X_AMZN_TRACE_ID = next.headers['lambda-runtime-trace-id'] ?? '';
  try {
    const result = await handler(JSON.parse(next.body), context);
    await call('POST', `/invocation/${id}/response`, JSON.stringify(result ?? null));
  } catch (e) {
    await call('POST', `/invocation/${id}/error`, errorDocument(e), { 'Lambda-Runtime-Function-Error-Type': 'Unhandled' });
  }
}
