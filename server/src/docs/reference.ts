import { ERRORS, problemType, type ErrorCode } from '../errors';

/** Renders the README's API reference and error table from their sources. Pure. */
interface Operation {
  summary?: string;
  security?: unknown[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation | unknown>>;
}

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'];

export function renderApiReference(doc: OpenApiDocument): string {
  const rows = ['| Method | Path | What it does |', '| --- | --- | --- |'];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (op) rows.push(`| ${method.toUpperCase()} | \`${path}\` | ${op.summary ?? ''} |`);
    }
  }
  return rows.join('\n');
}

export function renderErrorTable(): string {
  const rows = ['| Code | Status | Meaning |', '| --- | --- | --- |'];
  for (const code of Object.keys(ERRORS) as ErrorCode[]) {
    rows.push(`| [\`${code}\`](${problemType(code)}) | ${ERRORS[code].status} | ${ERRORS[code].title} |`);
  }
  return rows.join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`section ${name} not found`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
