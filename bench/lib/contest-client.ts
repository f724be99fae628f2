/**
 * A participant's HTTP flow against a running server (keep-alive sockets, bounded): start (or resume) an
 * attempt, answer questions, submit. Each call resolves with the status, the parsed body and the latency.
 * With `compressed`, requests say `Accept-Encoding: gzip, deflate, br` as a phone's browser does, and the
 * response is decompressed after the latency is taken. `call` may be given a participant's own agent (`own()`: one
 * keep-alive connection, as a phone's browser keeps to the site).
 */
import { Agent, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export interface Reply {
  status: number;
  body: any;
  ms: number;
}

export class Client {
  readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    base: string,
    sockets: number,
    private readonly compressed = false,
  ) {
    const u = new URL(base);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  private readonly owned: Agent[] = [];

  /** An agent holding one keep-alive connection of its own (one participant's phone). */
  own(): Agent {
    const a = new Agent({ keepAlive: true, maxSockets: 1, maxFreeSockets: 1 });
    this.owned.push(a);
    return a;
  }

  call(method: string, path: string, token: string | null, body?: unknown, agent: Agent = this.agent): Promise<Reply> {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (this.compressed) headers['accept-encoding'] = 'gzip, deflate, br';
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((ok, fail) => {
      let t0 = performance.now();
      const req = request({ host: this.host, port: this.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          const raw = Buffer.concat(chunks);
          const enc = res.headers['content-encoding'];
          const text = (enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : enc === 'deflate' ? inflateSync(raw) : raw).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            /* keep the text */
          }
          ok({ status: res.statusCode ?? 0, body: parsed, ms });
        });
        res.on('error', fail);
      });
      // Timed from the moment the request has a connection (not while it waits in the client's queue).
      req.once('socket', () => {
        t0 = performance.now();
      });
      req.on('error', fail);
      if (payload) req.write(payload);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
    for (const a of this.owned) a.destroy();
  }
}

/** Exact percentile of a list of latencies (ms). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = Float64Array.from(values).sort();
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[i] * 100) / 100;
}
