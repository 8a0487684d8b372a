// The role matrix: which role may send which request. The data lives in
// role-matrix.json; the test reads it from there, and docs/reliability.md
// shows it as the table that renderMatrixTable() prints. Run this file to
// print the table:  node tests/js/support/role-matrix.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const matrix = JSON.parse(
  readFileSync(new URL('./role-matrix.json', import.meta.url), 'utf8'),
);

/** The Markdown table of the matrix, one row per request. */
export function renderMatrixTable(data = matrix) {
  const header = ['request', 'target', ...data.roles];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
  ];
  for (const request of data.requests) {
    const cells = data.roles.map((role) => String(request.expected[role]));
    lines.push(
      `| \`${request.name}\` | ${request.target} | ${cells.join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The table as docs/reliability.md holds it between its two markers. */
export function tableInDocs(markdown) {
  const start = markdown.indexOf('<!-- role-matrix:start -->');
  const end = markdown.indexOf('<!-- role-matrix:end -->');
  if (start < 0 || end < start) return undefined;
  return markdown
    .slice(start + '<!-- role-matrix:start -->'.length, end)
    .trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(renderMatrixTable());
}
