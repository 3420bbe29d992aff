/**
 * Test-only: a real HTTP server on 127.0.0.1 (never any other address) with the routes the
 * `safeFetch` tests need: redirects anywhere, loops, a slow server, a stalled body, 20 MB bodies.
 * Imported by tests only; it is the one file in worker/net that does I/O.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the server saw, so tests can assert that a refused call never reached it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: SeenRequest[];
  close(): Promise<void>;
}

const TWENTY_MB = 20 * 1024 * 1024;

function streamBytes(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  let sent = 0;
  const pump = () => {
    while (sent < total && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  switch (url.pathname) {
    case "/ok":
      res.writeHead(200, { "content-type": "text/plain", "x-served-by": "test-server" }).end("hello");
      return;
    case "/json":
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ hello: "world" }));
      return;
    case "/redirect": {
      // ?to=<Location>&status=<3xx>; a missing `to` means a redirect status without a Location.
      const to = url.searchParams.get("to");
      const status = Number(url.searchParams.get("status") ?? 302);
      res.writeHead(status, to === null ? {} : { location: to }).end("moved");
      return;
    }
    case "/loop":
      res.writeHead(302, { location: "/loop" }).end();
      return;
    case "/chain": {
      const n = Number(url.searchParams.get("n") ?? 0);
      res.writeHead(302, { location: n > 1 ? `chain?n=${n - 1}` : "/ok" }).end();
      return;
    }
    case "/slow":
      return; // never answers; `close()` drops the connection
    case "/stall-body":
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
      return; // headers and a first chunk, then nothing
    case "/big":
      res.writeHead(200, { "content-type": "application/octet-stream" }); // chunked: no Content-Length
      streamBytes(res, TWENTY_MB);
      return;
    case "/big-declared":
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(TWENTY_MB) });
      streamBytes(res, TWENTY_MB);
      return;
    case "/echo": {
      const body = await readBody(req);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ method: req.method, path: url.pathname, headers: req.headers, body }));
      return;
    }
    default:
      res.writeHead(404).end("not found");
  }
}

/** Starts a server on 127.0.0.1 with an ephemeral port. */
export async function startTestServer(): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers });
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
