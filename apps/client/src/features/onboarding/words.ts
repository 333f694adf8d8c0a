/** The calendar's days and the missions' rewards in words, for the mission card and the codex (pure). */
import type { CalendarDayDto, TutorialStepDto } from '@datavism/shared-schema';
import { formatResource } from '../../state/profileView';

/** "Flashpoint Friday" or "Flashpoint Friday + Global Strike Day". */
export function eventTitles(day: CalendarDayDto | null): string {
  return day ? day.events.map((e) => e.title).join(' + ') : '';
}

/** A mission's reward in words: "+50 Resistance credits, +20 CPU cycles". */
export function rewardWords(step: Pick<TutorialStepDto, 'rewards'>): string {
  return step.rewards.map((r) => `+${formatResource(r.amount, r.resource)}`).join(', ');
}
