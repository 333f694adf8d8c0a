// The database schema: one file per aggregate, re-exported as `schema`.
export * from './players';
export * from './world';
export * from './ledger';
export * from './parameters';
export * from './jobs';
export * from './squads';
export * from './territory';
export * from './market';
export * from './operations';
export * from './exchange';
export * from './governance';
export * from './intel';
