// A tiny webhook receiver for the browser tests: records every request it gets (method, path,
// headers, raw body) and answers 200 (500 on paths containing /fail). GET /__requests returns what was recorded.
// Usage: node receiver.mjs PORT_FILE   (listens on 127.0.0.1:<free port>, writes the port to PORT_FILE)
import http from 'node:http';
import fs from 'node:fs';

const received = [];
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/__requests') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(received));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    received.push({
      method: req.method, path: req.url, headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'), received_at: new Date().toISOString(),
    });
    // A path containing /fail answers 500, to show failed attempts in the console.
    const fail = req.url.includes('/fail');
    res.writeHead(fail ? 500 : 200, { 'Content-Type': 'application/json' });
    res.end(fail ? '{"error":"receiver is failing on purpose"}' : '{"received":true}');
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  if (process.argv[2]) fs.writeFileSync(process.argv[2], String(port));
  console.log(`[receiver] listening on 127.0.0.1:${port}`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
