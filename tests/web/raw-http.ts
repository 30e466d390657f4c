import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): unknown;
}

export interface RawRequest {
  method?: string;
  /** Sent exactly as written: no normalisation of `..` or percent-escapes. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One request with full control over Host, Origin and the raw path (fetch normalises both away). */
export function rawRequest(port: number, request: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: request.method ?? 'GET',
        path: request.path,
        headers: { Host: `127.0.0.1:${port}`, ...request.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Streams `chunk` again and again without a Content-Length until the server answers. */
export function streamUntilAnswered(port: number, path: string, headers: Record<string, string>, chunk: Buffer, maxChunks: number): Promise<{ status: number; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path, headers: { Host: `127.0.0.1:${port}`, 'Transfer-Encoding': 'chunked', ...headers }, agent: false },
      (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode ?? 0, sentBytes });
      },
    );
    // Once answered, the server may close while we are still writing; that is expected.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = (count: number) => {
      if (answered || count >= maxChunks) {
        if (!answered) req.end();
        return;
      }
      sentBytes += chunk.length;
      req.write(chunk, () => setImmediate(() => pump(count + 1)));
    };
    pump(0);
  });
}
