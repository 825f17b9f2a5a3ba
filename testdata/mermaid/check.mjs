// check.mjs FILE...: parses each file with Mermaid's own parser and prints
// "FILE: ok (TYPE)" or "FILE: error" with the parser's message; exit 1 if
// any failed. Mermaid needs a DOM to load; jsdom gives it one.
import { JSDOM } from 'jsdom';
import { readFileSync } from 'node:fs';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let failed = 0;
for (const f of process.argv.slice(2)) {
  try {
    const r = await mermaid.parse(readFileSync(f, 'utf8'));
    console.log(`${f}: ok (${r.diagramType})`);
  } catch (e) {
    failed++;
    console.log(`${f}: error: ${String(e.message || e).replaceAll('\n', ' | ')}`);
  }
}
process.exitCode = failed ? 1 : 0;
