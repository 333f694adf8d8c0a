/**
 * A fresh world is never empty (docs/onboarding.md): a standing introductory operation, "First
 * Light", is live from the first start. The processes that run jobs launch it at boot and check
 * every game hour; when none is live (the last one ended: its week ran out, or a GM ended it), the
 * next one starts. Each is keyed by the one before it (`intro:first`, then `intro:after:<id>`), so
 * two processes booting together, a restart or a re-run launch it once. Its pool is minted into
 * the shared escrow account like every operation's (the market's own escrow checks count only
 * market_* transfers).
 */
import { latestOperationOfTemplate, seedOperationTemplates } from '@datavism/db';
import type { OperationTemplate } from '@datavism/shared-schema';
import type { Services } from '../context';
import { launchOperation, loadTemplate, templateToInput } from '../operations/service';

/** The template key of the standing introductory operation (a GM may edit it in /gm). */
export const INTRO_TEMPLATE_KEY = 'first_light';
/** The periodic check. */
export const INTRO_OPERATION_JOB = 'intro-operation';

/** The default "First Light": a week, contributions any new player can make, a modest pool. */
export const INTRO_TEMPLATE: OperationTemplate = {
  type: 'campaign', name: 'First Light', handler: 'Handler',
  briefing: 'Every new cell starts here. The Control counts on us arriving alone and staying quiet. '
    + 'Put a few credits into the network, file what you see, and you will not be alone for long.',
  objectives: [
    { tier: 'primary', kind: 'contribute', title: 'Fund the safe houses', description: 'Any amount of resistance credits counts.', resource: 'resistance_credits', target: 2000, weight: 2 },
    { tier: 'secondary', kind: 'contribute', title: 'Power the relays', description: 'CPU cycles keep the relays awake.', resource: 'cpu_cycles', target: 500, weight: 1 },
  ],
  requiredPlayers: 1, xpPool: 2000, pool: { resource: 'resistance_credits', amount: 5000 }, payToSquads: false,
  briefingMinutes: 0, durationHours: 7 * 24,
};

/** Seeds the template (a GM's edits are kept). */
export async function seedIntroTemplate(s: Services): Promise<void> {
  await seedOperationTemplates(s.database.db, { [INTRO_TEMPLATE_KEY]: INTRO_TEMPLATE });
}

/**
 * Launches First Light unless one is live. Returns the new operation's id, or null when one was
 * already live (or another process launched this slot's).
 */
export async function ensureIntroOperation(s: Services, now: Date): Promise<string | null> {
  const latest = await latestOperationOfTemplate(s.database.db, INTRO_TEMPLATE_KEY);
  if (latest && latest.phase !== 'ended') return null;
  const template = await loadTemplate(s, INTRO_TEMPLATE_KEY);
  const sourceKey = latest ? `intro:after:${latest.id}` : 'intro:first';
  const input = templateToInput(s, template, { now, templateKey: INTRO_TEMPLATE_KEY, sourceKey });
  const { operation, created } = await launchOperation(s, input, now);
  return created ? operation.id : null;
}
