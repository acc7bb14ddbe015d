// Per-folder mutation scores of src/core from Stryker's JSON report (reports/mutation/mutation.json):
// `node scripts/mutationScores.mjs [report.json]` prints the Markdown table the README's engineering section quotes.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const DETECTED = new Set(['Killed', 'Timeout']);

/**
 * Counts per folder of src/core (its first level; files directly in src/core count as "(core)") and in total.
 * Score = detected / (detected + undetected), as Stryker computes it: compile and runtime errors and ignored
 * mutants are counted apart and do not enter the score.
 */
export function mutationScores(report) {
  const rows = new Map();
  const total = emptyRow('src/core');
  for (const [fileName, file] of Object.entries(report.files ?? {})) {
    const folder = coreFolder(fileName);
    if (!folder) {
      continue;
    }
    const row = rows.get(folder) ?? emptyRow(folder);
    rows.set(folder, row);
    for (const mutant of file.mutants ?? []) {
      for (const r of [row, total]) {
        r.mutants += 1;
        if (DETECTED.has(mutant.status)) {
          r.killed += 1;
        } else if (mutant.status === 'Survived') {
          r.survived += 1;
        } else if (mutant.status === 'NoCoverage') {
          r.noCoverage += 1;
        } else {
          r.other += 1;
        }
      }
    }
  }
  const folders = [...rows.values()].sort((a, b) => a.folder.localeCompare(b.folder));
  return { folders: folders.map(withScore), total: withScore(total) };
}

function emptyRow(folder) {
  return { folder, mutants: 0, killed: 0, survived: 0, noCoverage: 0, other: 0 };
}

function withScore(row) {
  const valid = row.killed + row.survived + row.noCoverage;
  return { ...row, score: valid === 0 ? undefined : (100 * row.killed) / valid };
}

function coreFolder(fileName) {
  const parts = fileName.replaceAll('\\', '/').split('/');
  const at = parts.findIndex((p, i) => p === 'src' && parts[i + 1] === 'core');
  if (at < 0) {
    return undefined;
  }
  const rest = parts.slice(at + 2);
  return rest.length > 1 ? `src/core/${rest[0]}/` : 'src/core (files)';
}

/** The table as Markdown: one row per folder, then the whole of src/core. */
export function scoreTable(scores) {
  const lines = ['| Folder | Mutants | Killed (incl. timeout) | Survived | No coverage | Not scored (compile error etc.) | Score |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of [...scores.folders, scores.total]) {
    const name = r === scores.total ? '**src/core**' : `\`${r.folder}\``;
    const score = r.score === undefined ? 'n/a' : `${r.score.toFixed(1)}%`;
    lines.push(`| ${name} | ${r.mutants} | ${r.killed} | ${r.survived} | ${r.noCoverage} | ${r.other} | ${r === scores.total ? `**${score}**` : score} |`);
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2] ?? 'reports/mutation/mutation.json';
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`Cannot read the mutation report ${file} (${err.message}). Run \`npm run mutation\` first.`);
    process.exit(1);
  }
  console.log(scoreTable(mutationScores(report)));
}
