/**
 * Mentorship as this client knows it (GAME §8.3): my mentor profile, my ask and its offers, my
 * pairings (as mentor and as mentee) with lessons, growth and ratings, and the open challenges a
 * mentor can assign. Framework-free: a zustand vanilla store and plain functions over the HTTP API.
 */
import { createStore } from 'zustand/vanilla';
import type {
  ChallengeDto, GraduationDto, MentoringPreferencesBody, MentorshipOverviewDto, PairingDto, RatingDto,
} from '@datavism/shared-schema';
import { apiRequest } from '../../net/api';
import { requestProfileRefresh } from '../../net/profileSync';
import { pushToast, toastError } from '../../state/worldStore';

export interface MentorshipState {
  overview: MentorshipOverviewDto | null;
  /** Open challenges (for the mentor's lesson picker). */
  challenges: ChallengeDto[];
  lastError: unknown;
  busy: boolean;
}

export const mentorshipStore = createStore<MentorshipState>()(() => ({ overview: null, challenges: [], lastError: null, busy: false }));

async function run<T>(fn: () => Promise<T>): Promise<T | null> {
  mentorshipStore.setState({ busy: true, lastError: null });
  try {
    return await fn();
  } catch (err) {
    mentorshipStore.setState({ lastError: err });
    toastError(err);
    return null;
  } finally {
    mentorshipStore.setState({ busy: false });
  }
}

/** Loads my mentorship overview and the open challenges. */
export async function loadMentorship(token: string): Promise<void> {
  try {
    const [overview, open] = await Promise.all([
      apiRequest<MentorshipOverviewDto>('/api/mentorship', { token }),
      apiRequest<{ challenges: ChallengeDto[] }>('/api/challenges', { token }),
    ]);
    mentorshipStore.setState({ overview, challenges: open.challenges, lastError: null });
  } catch (err) {
    mentorshipStore.setState({ lastError: err });
  }
}

/** Registers (or updates) me as a mentor. */
export async function registerAsMentor(token: string, prefs: MentoringPreferencesBody): Promise<boolean> {
  const ok = await run(() => apiRequest('/api/mentorship/mentor', { token, method: 'PUT', body: prefs }));
  if (ok === null) return false;
  pushToast('success', 'Mentees who match you can now ask for you.', undefined, 'Registered as mentor');
  await loadMentorship(token);
  return true;
}

/** Says what I ask of a mentor; the offers follow. */
export async function askForMentor(token: string, prefs: MentoringPreferencesBody): Promise<boolean> {
  const ok = await run(() => apiRequest('/api/mentorship/ask', { token, method: 'PUT', body: prefs }));
  if (ok === null) return false;
  await loadMentorship(token);
  return true;
}

/** Asks one offered mentor. */
export async function requestMentor(token: string, mentorId: string): Promise<boolean> {
  const p = await run(() => apiRequest<PairingDto>('/api/mentorship/requests', { token, body: { mentorId } }));
  if (!p) return false;
  pushToast('success', `${p.mentor.name} has been asked.`, undefined, 'Request sent');
  await loadMentorship(token);
  return true;
}

/** A pairing action without a body: accept, decline, end. */
export async function pairingAction(token: string, pairingId: string, action: 'accept' | 'decline' | 'end'): Promise<boolean> {
  const p = await run(() => apiRequest<PairingDto>(`/api/mentorship/pairings/${pairingId}/${action}`, { token, body: {} }));
  if (!p) return false;
  await loadMentorship(token);
  return true;
}

/** The mentor assigns an open challenge as a lesson. */
export async function assignLesson(token: string, pairingId: string, challengeId: string): Promise<boolean> {
  const p = await run(() => apiRequest<PairingDto>(`/api/mentorship/pairings/${pairingId}/lessons`, { token, body: { challengeId } }));
  if (!p) return false;
  pushToast('success', 'Your mentee has been told.', undefined, 'Lesson assigned');
  await loadMentorship(token);
  return true;
}

/** The mentor graduates the mentee. */
export async function graduate(token: string, pairingId: string): Promise<boolean> {
  const g = await run(() => apiRequest<GraduationDto>(`/api/mentorship/pairings/${pairingId}/graduate`, { token, body: {} }));
  if (!g) return false;
  pushToast('success', `+${g.teachingHonor} teaching honor (${g.skillsImproved} skills improved). Graduations: ${g.graduations}.`, undefined, 'Mentee graduated');
  await loadMentorship(token);
  requestProfileRefresh({ quiet: true });
  return true;
}

/** Rates the other side of a graduated pairing 1–5. */
export async function rate(token: string, pairingId: string, rating: number): Promise<boolean> {
  const r = await run(() => apiRequest<RatingDto>(`/api/mentorship/pairings/${pairingId}/rating`, { token, body: { rating } }));
  if (!r) return false;
  pushToast('success', r.rated === 'mentor' ? `Your mentor earns ${r.influencePoints} influence points.` : 'Your rating of your mentee is recorded.', undefined, 'Rated');
  await loadMentorship(token);
  return true;
}

/** The pairings where I am `role`, open ones first (the server's order). */
export function pairingsAs(overview: MentorshipOverviewDto | null, role: PairingDto['role']): PairingDto[] {
  return overview?.pairings.filter((p) => p.role === role) ?? [];
}
