// Collective intelligence and skill challenges (GAME §6.3, §6.4).
export * from './claims';
export * from './challenges';
