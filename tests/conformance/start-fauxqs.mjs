// Starts fauxqs on 127.0.0.1 (its own CLI binds 0.0.0.0) on a free port and prints
// "listening PORT" once ready. Stops when stdin closes or on SIGTERM.
import { buildApp } from "fauxqs";

const app = buildApp({ logger: false });
await app.listen({ host: "127.0.0.1", port: Number(process.argv[2] ?? 0) });
const { port } = app.server.address();
process.stdout.write(`listening ${port}\n`);
const stop = async () => { await app.close(); process.exit(0); };
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
