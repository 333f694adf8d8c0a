/**
 * Counts a BLT ballot file by the Scottish STV rules and prints the result sheet.
 *
 *   npm run count -- FILE.blt [--json] [--seed SEED]
 *
 * npm runs this with cwd = packages/rules, so a relative FILE is resolved against the
 * directory the command was typed in (npm's INIT_CWD).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { countStv, parseBlt, type StvResult, type StvStage } from '../stv/index';

const USAGE = 'usage: npm run count -- FILE.blt [--json] [--seed SEED]';

interface Args {
  file: string;
  json: boolean;
  seed?: string;
}

function parseArgs(argv: readonly string[]): Args {
  let file: string | undefined;
  let json = false;
  let seed: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') json = true;
    else if (arg === '--seed') seed = argv[++i];
    else if (arg.startsWith('--seed=')) seed = arg.slice('--seed='.length);
    else if (arg === '--help' || arg === '-h') throw new UsageError();
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (file === undefined || (seed !== undefined && seed === '')) throw new UsageError(file === undefined ? 'missing FILE' : '--seed needs a value');
  return { file, json, seed };
}

class UsageError extends Error {}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  // Names left-aligned, figures right-aligned.
  return rows
    .map((r) => r.map((cell, col) => (col === 0 || col === r.length - 1 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  ').trimEnd())
    .join('\n');
}

function describeAction(stage: StvStage): string {
  const a = stage.action;
  if (a.kind === 'first') return 'first preferences';
  if (a.kind === 'exclusion') return `exclusion of ${a.candidate}`;
  const values = a.transferValues.map((t) => `${t.papers} papers at ${t.paperValue} → ${t.transferValue}`).join('; ');
  return `surplus of ${a.candidate} (${a.surplus}; ${values})`;
}

function formatStage(stage: StvStage): string {
  const rows: string[][] = [['Candidate', 'Transfer', 'Votes', 'Status']];
  for (const [name, votes] of Object.entries(stage.votes)) {
    const status = stage.newlyElected.includes(name)
      ? 'ELECTED'
      : stage.elected.includes(name)
        ? 'elected'
        : stage.excluded.includes(name)
          ? 'excluded'
          : '';
    rows.push([name, stage.transfers[name] ?? '', votes, status]);
  }
  rows.push(['Non-transferable', '', stage.nonTransferable, `(${stage.nonTransferablePapers} papers)`]);
  rows.push(['Loss of fractions', '', stage.lossOfFractions, '']);
  const lines = [`Stage ${stage.number}: ${describeAction(stage)}`, table(rows)];
  for (const t of stage.tieBreaks ?? []) {
    const how = t.by === 'lot' ? 'by lot' : `by stage ${t.stage}`;
    lines.push(`  tie (${t.purpose}) between ${t.tied.join(', ')}: ${t.chosen} chosen ${how}`);
  }
  if (stage.filledLastVacancies) lines.push('  continuing candidates equal the vacancies left: all elected (Rule 52)');
  return lines.join('\n');
}

function formatResult(r: StvResult): string {
  const out = [
    `${r.title} — ${r.seats} seat${r.seats === 1 ? '' : 's'}, Scottish STV`,
    `Valid ballots: ${r.valid}`,
    `Quota: ${r.quota}`,
  ];
  if (r.withdrawn.length > 0) out.push(`Withdrawn: ${r.withdrawn.join(', ')}`);
  out.push(`Seed for lots: ${JSON.stringify(r.seed)}`, '');
  for (const stage of r.stages) out.push(formatStage(stage), '');
  out.push('Elected, in order:', ...r.elected.map((name, i) => `  ${i + 1}. ${name}`));
  return out.join('\n');
}

function main(argv: readonly string[]): number {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.message) process.stderr.write(`count: ${err.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // The CLI edge is the only place that looks at the environment: npm's original cwd.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), args.file);
  try {
    const election = parseBlt(readFileSync(path, 'utf8'));
    const result = countStv(election, { method: 'scottish', ...(args.seed !== undefined ? { seed: args.seed } : {}) });
    process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatResult(result)}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`count: ${path}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
