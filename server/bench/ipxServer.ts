// Peer for the transformation benchmark: ipx (the unjs image server built on sharp) serving the
// same JPEGs from a folder, e.g. GET /w_800,f_webp,q_75/photo-0.jpg. Usage: ipxServer.ts <dir>
import http from 'node:http';
import { createIPX, createIPXNodeServer, ipxFSStorage } from 'ipx';

const ipx = createIPX({ storage: ipxFSStorage({ dir: process.argv[2]! }) });
http.createServer(createIPXNodeServer(ipx)).listen(Number(process.env.PORT), '127.0.0.1');
