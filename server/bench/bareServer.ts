// Baseline for serving: node:http answering the same bytes from memory, with no routing,
// database or storage. The image server cannot beat this; the ratio shows its overhead.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const body = readFileSync(process.argv[2]!);
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': body.length });
  res.end(body);
});
server.listen(Number(process.env.PORT), '127.0.0.1');
