/**
 * Reader for the BLT ballot format (OpenSTV / ERS / Droop):
 *
 * ```text
 * 4 2            # candidates seats
 * -2             # optional: withdrawn candidates as negative numbers (one or more lines)
 * 3 1 3 0        # weight, then 1-based candidate numbers in preference order, then 0
 * 2 4 0
 * 0              # end of ballots
 * "Alice"        # one quoted name per candidate
 * "Bob"
 * "Carol"
 * "Dave"
 * "Example ward" # the title
 * ```
 *
 * Comments start with `#` (outside quotes); blank lines and trailing spaces are ignored; runs
 * of spaces inside names and the title are collapsed to one and the ends trimmed.
 * Equal rankings (`=`) are not part of the Scottish rules and are rejected.
 */
import { GameError } from '../errors';
import type { StvBallot, StvElection } from './types';

/** A malformed BLT file; `line` is the 1-based line of the problem. */
export class BltParseError extends GameError {
  readonly line: number;

  constructor(line: number, message: string) {
    super('BAD_REQUEST', `BLT line ${line}: ${message}`);
    this.name = 'BltParseError';
    this.line = line;
  }
}

/** Removes a `#` comment that is not inside double quotes. */
function stripComment(text: string): string {
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '#' && !inQuotes) return text.slice(0, i);
  }
  return text;
}

/** Parses a whole number token, or throws naming the line. */
function parseInteger(token: string, line: number, what: string): number {
  if (!/^[+-]?\d+$/.test(token)) {
    if (token.includes('=')) {
      throw new BltParseError(line, `equal rankings ("=") are not supported: "${token}"`);
    }
    throw new BltParseError(line, `expected ${what}, found "${token}"`);
  }
  const n = Number(token);
  if (!Number.isSafeInteger(n)) throw new BltParseError(line, `${what} "${token}" is too large`);
  return n;
}

/**
 * Parses a BLT file into an {@link StvElection}. Rankings and `withdrawn` keep the file's
 * **1-based** candidate numbers.
 *
 * @throws BltParseError (a `GameError` with code `BAD_REQUEST`) whose message names the line.
 * @example
 * const election = parseBlt(readFileSync('ward.blt', 'utf8'));
 * countStv(election, { method: 'scottish' });
 */
export function parseBlt(text: string): StvElection {
  const lines = text.split(/\r\n|\r|\n/).map((raw, i) => ({ no: i + 1, text: stripComment(raw).trim() }));
  const content = lines.filter((l) => l.text !== '');
  let at = 0;

  const header = content[at++];
  if (header === undefined) throw new BltParseError(lines.length, 'empty file: expected "candidates seats"');
  const headerTokens = header.text.split(/\s+/);
  if (headerTokens.length !== 2) {
    throw new BltParseError(header.no, `expected "candidates seats", found "${header.text}"`);
  }
  const nCandidates = parseInteger(headerTokens[0], header.no, 'the number of candidates');
  const seats = parseInteger(headerTokens[1], header.no, 'the number of seats');
  if (nCandidates < 1) throw new BltParseError(header.no, 'there must be at least one candidate');
  if (seats < 1) throw new BltParseError(header.no, 'there must be at least one seat');

  const withdrawn: number[] = [];
  while (at < content.length && content[at].text.startsWith('-')) {
    const line = content[at++];
    for (const token of line.text.split(/\s+/)) {
      const n = parseInteger(token, line.no, 'a withdrawn candidate (negative number)');
      if (n >= 0 || -n > nCandidates) {
        throw new BltParseError(line.no, `withdrawn candidate "${token}" must be -1 … -${nCandidates}`);
      }
      if (withdrawn.includes(-n)) throw new BltParseError(line.no, `candidate ${-n} withdrawn twice`);
      withdrawn.push(-n);
    }
  }

  const ballots: StvBallot[] = [];
  let ended = false;
  while (at < content.length) {
    const line = content[at++];
    if (line.text.startsWith('"')) {
      throw new BltParseError(line.no, 'candidate names before the "0" line that ends the ballots');
    }
    const tokens = line.text.split(/\s+/);
    // Some writers prefix a ballot with an id in parentheses: "(b12) 1 2 3 0".
    if (tokens[0].startsWith('(') && tokens[0].endsWith(')')) tokens.shift();
    const count = parseInteger(tokens[0], line.no, 'a ballot weight');
    if (count === 0 && tokens.length === 1) {
      ended = true;
      break;
    }
    if (count < 1) throw new BltParseError(line.no, `ballot weight must be a positive integer, found ${count}`);
    const ranking: number[] = [];
    let terminated = false;
    for (let i = 1; i < tokens.length; i++) {
      const c = parseInteger(tokens[i], line.no, 'a candidate number');
      if (c === 0) {
        if (i !== tokens.length - 1) throw new BltParseError(line.no, 'preferences after the terminating 0');
        terminated = true;
        break;
      }
      if (c < 1 || c > nCandidates) {
        throw new BltParseError(line.no, `candidate number ${c} is not in 1 … ${nCandidates}`);
      }
      if (ranking.includes(c)) throw new BltParseError(line.no, `candidate ${c} is ranked twice`);
      ranking.push(c);
    }
    if (!terminated) throw new BltParseError(line.no, 'ballot line must end with 0');
    ballots.push({ count, ranking });
  }
  if (!ended) throw new BltParseError(lines.length, 'missing the "0" line that ends the ballots');

  // Names and title: quoted strings, possibly several per line.
  const strings: Array<{ text: string; line: number }> = [];
  let lastLine = lines.length;
  for (; at < content.length; at++) {
    const line = content[at];
    lastLine = line.no;
    const rest = line.text.replace(/"([^"]*)"/g, (_m, text: string) => {
      // Hand-typed files carry stray spaces ("Kieran  Wild "); names are compared without them.
      strings.push({ text: text.trim().replace(/\s+/g, ' '), line: line.no });
      return '';
    });
    if (rest.trim() !== '') {
      throw new BltParseError(line.no, `expected a name in double quotes, found "${line.text}"`);
    }
  }
  if (strings.length < nCandidates + 1) {
    throw new BltParseError(
      lastLine,
      `expected ${nCandidates} candidate names and a title, found ${strings.length} quoted strings`,
    );
  }
  if (strings.length > nCandidates + 1) {
    throw new BltParseError(strings[nCandidates + 1].line, 'unexpected quoted string after the title');
  }
  const candidates: string[] = [];
  for (const { text, line } of strings.slice(0, nCandidates)) {
    if (candidates.includes(text)) throw new BltParseError(line, `candidate name "${text}" appears twice`);
    candidates.push(text);
  }
  return { title: strings[nCandidates].text, seats, candidates, ballots, withdrawn };
}
