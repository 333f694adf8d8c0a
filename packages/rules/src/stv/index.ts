/** Elections counted by single transferable vote (GAME.md §7.3). */
export { parseBlt, BltParseError } from './blt';
export { countStv } from './scottish';
export type {
  StvBallot,
  StvElection,
  StvOptions,
  StvResult,
  StvStage,
  StvTieBreak,
  StvTransferValue,
} from './types';
