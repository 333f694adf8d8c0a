// Notifications (GAME §8.2): tiers, relevance, the digest.
export * from './tiers';
export * from './relevance';
export * from './digest';
