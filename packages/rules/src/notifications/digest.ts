/**
 * The daily digest (GAME §8.2): more than 5 pending regular notifications of a player are merged
 * into one digest, delivered at the start of the next game day.
 */

/** A player's pending regular notifications are merged once there are more than this many. */
export const DIGEST_MERGE_THRESHOLD = 5;

/** Whether this many pending (not yet delivered) regular notifications are merged into a digest. */
export function mergesIntoDigest(pendingRegular: number): boolean {
  return pendingRegular > DIGEST_MERGE_THRESHOLD;
}

/** One notification merged into a digest. */
export interface DigestItem {
  title: string;
  relevance: number;
  /** Epoch ms; the newer of two equally relevant items comes first. */
  createdAt: number;
}

/** Lines a digest's body lists before "… and N more". */
export const DIGEST_MAX_LINES = 10;

/**
 * A digest's title and body: "6 updates", then one line per item, most relevant first (newest
 * first among equals), at most {@link DIGEST_MAX_LINES}, then "… and N more".
 */
export function digestText(items: readonly DigestItem[], maxLines = DIGEST_MAX_LINES): { title: string; body: string } {
  const sorted = [...items].sort((a, b) => b.relevance - a.relevance || b.createdAt - a.createdAt);
  const lines = sorted.slice(0, maxLines).map((i) => `• ${i.title}`);
  if (sorted.length > maxLines) lines.push(`… and ${sorted.length - maxLines} more`);
  return { title: `${items.length} update${items.length === 1 ? '' : 's'}`, body: lines.join('\n') };
}
