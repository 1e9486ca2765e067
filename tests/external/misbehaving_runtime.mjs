// A runtime that breaks the Runtime API protocol on purpose, one way per mode (argv[2]):
//   bad-json      answers every event with a payload that is not JSON
//   exit-early    exits (status 3) as soon as it has an event
//   garbage-http  sends bytes that are not HTTP on a fresh connection
//   init-error    reports an init error and exits
//   hang          takes an event and never answers
//   wall-clock    answers with the wall clock in the payload (nondeterministic on purpose)
import http from 'node:http';
import net from 'node:net';

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const mode = process.argv[2];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request({ host, port: Number(port), method, path: '/2018-06-01/runtime' + path, agent,
                               headers: payload ? { 'Content-Length': payload.length } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

if (mode === 'init-error') {
  await call('POST', '/init/error', JSON.stringify({ errorType: 'Runtime.ImportModuleError', errorMessage: 'no module' }));
  process.exit(1);
}
for (;;) {
  const next = await call('GET', '/invocation/next');
  const id = next.headers['lambda-runtime-aws-request-id'];
  if (mode === 'exit-early') process.exit(3);
  if (mode === 'hang') await new Promise(() => setInterval(() => {}, 1000));
  if (mode === 'garbage-http') {
    const socket = net.connect(Number(port), host);
    socket.write('THIS IS NOT HTTP\r\n\r\n');
    await new Promise((resolve) => socket.on('close', resolve));
    continue;
  }
  const body = mode === 'bad-json' ? '{"batchItemFailures": [' : JSON.stringify({ batchItemFailures: [], at: Date.now() });
  await call('POST', `/invocation/${id}/response`, body);
}
