/**
 * The handler's first briefing, page by page (docs/onboarding.md): who the Algorithmic Control is,
 * who the player is, what squads and operations are for, and what to do first. Replayable from the
 * codex.
 */
export interface BriefingPage {
  kicker: string;
  title: string;
  text: string;
}

export const HANDLER_NAME = 'Handler';

export const BRIEFING: readonly BriefingPage[] = [
  {
    kicker: 'Who they are', title: 'The Algorithmic Control',
    text: 'Listen carefully — this channel will not stay clean for long. The Algorithmic Control runs this city. '
      + 'It does not patrol with soldiers; it scores, sorts and silences. Every hex you see in red is a district '
      + 'under one of its garrisons, and the taller the red, the stronger the garrison.',
  },
  {
    kicker: 'Who you are', title: 'A new node in the network',
    text: 'You are one of us now: a node in the resistance network. Here your reputation is your weight — you earn it '
      + 'by liberating ground, verifying the truth, teaching others. Grey hexes are neutral ground where we can stand '
      + 'and build. I am your handler; I will be in your ear.',
  },
  {
    kicker: 'Squads', title: 'Nobody beats the Control alone',
    text: 'Squads hold territory, pool a treasury and besiege the Control\'s garrisons. Near where you stand, some '
      + 'garrisons are thin: four fresh recruits together can take one. Before you declare a siege, the card shows '
      + 'both sides\' strength — never attack blind.',
  },
  {
    kicker: 'Operations', title: 'The whole network at once',
    text: 'Operations are the network moving together: a live objective, a shared pool, paid out to everyone who '
      + 'pitches in. "First Light" is running now; it is where every new cell starts. The calendar brings more — '
      + 'watch for Flashpoint Friday.',
  },
  {
    kicker: 'First moves', title: 'Your first missions',
    text: 'I have a short chain of missions for you. Each one pays a little and shows you a part of the network: '
      + 'move out, walk the ground, find your cell, pitch in, trade, vote, report. Your mission card is on the left. '
      + 'Start by deploying to a hex next to you.',
  },
];
