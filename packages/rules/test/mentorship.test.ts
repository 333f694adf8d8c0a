import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MENTOR_MAX_MENTEES, GRADUATION_MIN_LESSONS, MENTOR_MAINTENANCE_POINTS, MENTOR_MATCH_MIN_SCORE, MENTOR_MIN_INFLUENCE,
  GameError, absorbDecay, assertMayGraduate, assertMayMentor, assertPreferences, assertRating, compatibility, compatibilityParts,
  getParameterDef, isCoopSolve, isMasterTeacher, mastersMentoring, matchMentors, menteeXp, mentorReward, skillGapFit, skillsImproved,
  type MentorCandidate, type MentoringPreferences, type Reputation,
} from '../src/index';

const HOUR = 3_600_000;
const rep = (tm: number, ts: number, ir: number, th: number, av: number): Reputation =>
  ({ technicalMastery: tm, truthScore: ts, impactRating: ir, teachingHonor: th, artisticVision: av });
const all = (v: number) => rep(v, v, v, v, v);

function refusal(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof GameError ? err.code : String(err);
  }
}

const prefs = (p: Partial<MentoringPreferences> = {}): MentoringPreferences => ({ timeZone: 0, languages: ['en'], style: 'structured', ...p });
/** A mentor strongest in technicalMastery and truthScore. */
const coder = rep(4000, 4000, 1000, 500, 500);
/** A mentee weakest in technicalMastery and truthScore. */
const newcomer = rep(0, 0, 300, 300, 300);

describe('mentorship matching (GAME §8.3)', () => {
  it('compatibility = 0.40·skill-gap fit + 0.25·time zone + 0.20·language + 0.15·style: a perfect match is 1', () => {
    const m = { reputation: coder, preferences: prefs() };
    const e = { reputation: newcomer, preferences: prefs() };
    expect(compatibilityParts(m, e)).toEqual({ skillGap: 1, timeZone: 1, language: 1, style: 1 });
    expect(compatibility(m, e)).toBe(1);
    // Each part alone: 0.40, 0.25, 0.20, 0.15.
    const far = { reputation: rep(500, 500, 1000, 4000, 4000), preferences: prefs({ timeZone: 12, languages: ['fr'], style: 'socratic' }) };
    expect(compatibility(far, e)).toBe(0);
    expect(compatibility({ ...far, reputation: coder }, e)).toBe(0.4);
    expect(compatibility({ ...far, preferences: { ...far.preferences, timeZone: 0 } }, e)).toBe(0.25);
    expect(compatibility({ ...far, preferences: { ...far.preferences, languages: ['fr', 'en'] } }, e)).toBe(0.2);
    expect(compatibility({ ...far, preferences: { ...far.preferences, style: 'structured' } }, e)).toBe(0.15);
  });

  it('skill-gap fit: the share of the mentee\'s two weakest dimensions among the mentor\'s two strongest (0, 0.5, 1)', () => {
    expect(skillGapFit(coder, newcomer)).toBe(1);
    // Weakest truthScore and impactRating: only truthScore is covered.
    expect(skillGapFit(coder, rep(3000, 0, 0, 3000, 3000))).toBe(0.5);
    expect(skillGapFit(rep(0, 0, 5000, 5000, 0), newcomer)).toBe(0);
    // A newcomer with five equal dimensions is weak in all of them: any mentor covers two.
    expect(skillGapFit(rep(0, 0, 0, 6000, 6000), all(0))).toBe(1);
  });

  it('time zone: 1 − min(12, d)/12 around the clock (UTC+11 and UTC−11 are 2 hours apart)', () => {
    const e = { reputation: newcomer, preferences: prefs({ timeZone: -11 }) };
    expect(compatibilityParts({ reputation: coder, preferences: prefs({ timeZone: 11 }) }, e).timeZone).toBeCloseTo(10 / 12, 12);
    expect(compatibilityParts({ reputation: coder, preferences: prefs({ timeZone: 1 }) }, e).timeZone).toBe(0);
    // fit 1, 6 h apart, shared language, other style: 0.40 + 0.125 + 0.20 = 0.725.
    expect(compatibility({ reputation: coder, preferences: prefs({ timeZone: 6, style: 'hands_on' }) }, { reputation: newcomer, preferences: prefs() })).toBe(0.725);
  });

  it('only matches ≥ 0.7 are offered, best first; a full mentor (3) and oneself never', () => {
    expect(MENTOR_MATCH_MIN_SCORE).toBe(0.7);
    expect(DEFAULT_MENTOR_MAX_MENTEES).toBe(3);
    expect(getParameterDef('mentor_max_mentees').default).toBe(3);
    const mentee = { id: 'e', reputation: newcomer, preferences: prefs() };
    const mentors: MentorCandidate[] = [
      // fit 1 + language + style, 12 h apart: 0.40 + 0 + 0.20 + 0.15 = 0.75
      { id: 'far', reputation: coder, preferences: prefs({ timeZone: 12 }), activeMentees: 0 },
      // fit 0.5 + time zone + language + style: 0.20 + 0.25 + 0.20 + 0.15 = 0.80
      { id: 'half', reputation: rep(4000, 500, 4000, 500, 500), preferences: prefs(), activeMentees: 2 },
      // fit 1 + time zone + language, other style: 0.85
      { id: 'best', reputation: coder, preferences: prefs({ style: 'socratic' }), activeMentees: 1 },
      // fit 0.5, 12 h apart, language, style: 0.20 + 0.20 + 0.15 = 0.55 — not offered
      { id: 'weak', reputation: rep(4000, 500, 4000, 500, 500), preferences: prefs({ timeZone: 12 }), activeMentees: 0 },
      // fit 1 + time zone, no shared language, other style: 0.40 + 0.25 + 0 + 0 = 0.65 — not offered
      { id: 'foreign', reputation: coder, preferences: prefs({ languages: ['de'], style: 'socratic' }), activeMentees: 0 },
      // fit 0 + everything else: 0.25 + 0.20 + 0.15 = 0.60 — not offered
      { id: 'artist', reputation: rep(0, 0, 500, 5000, 5000), preferences: prefs(), activeMentees: 0 },
      { id: 'full', reputation: coder, preferences: prefs(), activeMentees: 3 },
      { id: 'e', reputation: coder, preferences: prefs(), activeMentees: 0 },
    ];
    const offers = matchMentors(mentee, mentors);
    expect(offers.map((o) => [o.mentorId, o.score])).toEqual([['best', 0.85], ['half', 0.8], ['far', 0.75]]);
    // A raised cap lets the full mentor in (perfect score: first).
    expect(matchMentors(mentee, mentors, 4)[0]).toMatchObject({ mentorId: 'full', score: 1 });
    // Around the threshold with whole-hour offsets (no whole-hour combination scores exactly 0.70): fit 1 + shared
    // language, other style, 6 h apart = 0.40 + 0.125 + 0.20 = 0.725 is offered; 8 h apart = 0.6833 is not.
    const near = (timeZone: number): MentorCandidate => ({ id: `tz${timeZone}`, reputation: coder, preferences: prefs({ timeZone, style: 'socratic' }), activeMentees: 0 });
    expect(matchMentors(mentee, [near(6), near(8)]).map((o) => [o.mentorId, o.score])).toEqual([['tz6', 0.725]]);
    expect(compatibility(near(8), mentee)).toBe(0.6833);
  });

  it('influence 1000 to register as a mentor (multipliers counted)', () => {
    expect(MENTOR_MIN_INFLUENCE).toBe(1000);
    expect(refusal(() => assertMayMentor(all(1000)))).toBeNull();
    expect(refusal(() => assertMayMentor(all(999)))).toBe('REQUIREMENTS_NOT_MET');
    // 700 × 1.5 (first_blood) = 1050.
    expect(refusal(() => assertMayMentor({ ...all(700), firstBlood: true }))).toBeNull();
    expect(refusal(() => assertPreferences(prefs({ timeZone: 15 })))).toBe('BAD_REQUEST');
    expect(refusal(() => assertPreferences(prefs({ languages: [] })))).toBe('BAD_REQUEST');
    expect(refusal(() => assertPreferences(prefs({ style: 'lecture' as never })))).toBe('BAD_REQUEST');
  });
});

describe('mentorship lessons, graduation, rewards (GAME §8.3)', () => {
  it('a skill counts as improved when it rose by ≥ 500 since the pairing began', () => {
    const start = rep(100, 200, 300, 400, 500);
    expect(skillsImproved(start, rep(599, 700, 300, 400, 500))).toBe(1);
    expect(skillsImproved(start, rep(600, 700, 800, 900, 1000))).toBe(5);
    expect(skillsImproved(start, start)).toBe(0);
  });

  it('graduation needs ≥ 5 lessons and ≥ 1 skill improved', () => {
    expect(GRADUATION_MIN_LESSONS).toBe(5);
    expect(refusal(() => assertMayGraduate({ lessonsCompleted: 5, skillsImproved: 1 }))).toBeNull();
    expect(refusal(() => assertMayGraduate({ lessonsCompleted: 4, skillsImproved: 5 }))).toBe('REQUIREMENTS_NOT_MET');
    expect(refusal(() => assertMayGraduate({ lessonsCompleted: 9, skillsImproved: 0 }))).toBe('REQUIREMENTS_NOT_MET');
  });

  it('rewards: teachingHonor 100 × skills improved, influence_points 50 × rating; ratings 1–5 only', () => {
    expect(mentorReward({ skillsImproved: 3 })).toEqual({ teachingHonor: 300, influencePoints: 0 });
    expect(mentorReward({ rating: 4 })).toEqual({ teachingHonor: 0, influencePoints: 200 });
    expect(refusal(() => assertRating(5))).toBeNull();
    expect(refusal(() => assertRating(0))).toBe('BAD_REQUEST');
    expect(refusal(() => assertRating(2.5))).toBe('BAD_REQUEST');
  });

  it('Master Teacher above 10 graduations, mentor_master at 10', () => {
    expect([isMasterTeacher(10), isMasterTeacher(11)]).toEqual([false, true]);
    expect([mastersMentoring(9), mastersMentoring(10)]).toEqual([false, true]);
  });

  it('mentee +20 % XP while mentored, rounded down', () => {
    expect(menteeXp(100)).toBe(120);
    expect(menteeXp(1000)).toBe(1200);
    expect(menteeXp(7)).toBe(8);
    expect(menteeXp(4)).toBe(4);
    expect(menteeXp(0)).toBe(0);
  });

  it('a co-op challenge: both solve within one game hour of each other', () => {
    expect(isCoopSolve(0, HOUR, HOUR)).toBe(true);
    expect(isCoopSolve(HOUR + 1, 0, HOUR)).toBe(false);
    // TIME_SCALE 60: a game hour is a minute.
    expect(isCoopSolve(0, 59_000, 60_000)).toBe(true);
  });

  it('decay maintenance (GAME §1.2): +200 points absorb decay before it scales the dimensions', () => {
    expect(MENTOR_MAINTENANCE_POINTS).toBe(200);
    expect(absorbDecay(610, 200)).toEqual({ decay: 410, spent: 200 });
    expect(absorbDecay(10, 200)).toEqual({ decay: 0, spent: 10 });
    expect(absorbDecay(0, 200)).toEqual({ decay: 0, spent: 0 });
    expect(absorbDecay(100, 0)).toEqual({ decay: 100, spent: 0 });
  });
});
