// Regenerates the API reference and error table in the root README from openapi.json and the
// error catalogue. `npm run docs -w server`; a test fails when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderApiReference, renderErrorTable, replaceSection } from '../src/docs/reference';

const readme = path.join(__dirname, '..', '..', 'README.md');
const openapi = JSON.parse(readFileSync(path.join(__dirname, '..', 'openapi.json'), 'utf8'));
let text = readFileSync(readme, 'utf8');
text = replaceSection(text, 'api-reference', renderApiReference(openapi));
text = replaceSection(text, 'error-codes', renderErrorTable());
writeFileSync(readme, text);
console.log(`updated ${readme}`);
