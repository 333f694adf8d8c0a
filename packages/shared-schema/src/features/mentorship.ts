// HTTP contracts of mentorship (GAME §8.3): registering as a mentor, asking for one, offers,
// requests, lessons, graduation and ratings.
import { z } from 'zod';

/** Mentoring styles (the rules' MENTORING_STYLES). */
export const MentoringStyleName = z.enum(['structured', 'hands_on', 'socratic', 'exploratory']);

/** Time zone, languages and style: a mentor's offer, or what a mentee asks for. */
export const MentoringPreferencesBody = z.object({
  /** Whole UTC offset in hours, −12..14. */
  timeZone: z.number().int().min(-12).max(14),
  /** 1–5 language codes (ISO 639-1 style: 2–8 lower-case letters). */
  languages: z.array(z.string().regex(/^[a-z]{2,8}$/)).min(1).max(5),
  style: MentoringStyleName,
}).strict();
export type MentoringPreferencesBody = z.infer<typeof MentoringPreferencesBody>;

/** `POST /api/mentorship/requests` — ask this mentor (one of my offers). */
export const MentorRequestBody = z.object({ mentorId: z.string().uuid() }).strict();
export type MentorRequestBody = z.infer<typeof MentorRequestBody>;

/** `POST /api/mentorship/pairings/:id/lessons` — the mentor assigns an open challenge. */
export const AssignLessonBody = z.object({ challengeId: z.string().uuid() }).strict();
export type AssignLessonBody = z.infer<typeof AssignLessonBody>;

/** `POST /api/mentorship/pairings/:id/rating` — rate the other side 1–5 after graduation. */
export const RateMentorshipBody = z.object({ rating: z.number().int().min(1).max(5) }).strict();
export type RateMentorshipBody = z.infer<typeof RateMentorshipBody>;

/** Preferences as the server stores them. */
export interface MentoringPreferencesDto {
  timeZone: number;
  languages: string[];
  style: z.infer<typeof MentoringStyleName>;
}

/** A mentor offered to me, best first. */
export interface MentorOfferDto {
  mentorId: string;
  name: string;
  /** Compatibility 0..1 (≥ 0.7). */
  score: number;
  parts: { skillGap: number; timeZone: number; language: number; style: number };
  activeMentees: number;
}

/** The five dimensions' growth since a pairing began. */
export interface SkillGrowthDto {
  technicalMastery: number;
  truthScore: number;
  impactRating: number;
  teachingHonor: number;
  artisticVision: number;
}

/** A lesson of a pairing. */
export interface LessonDto {
  challengeId: string;
  title: string;
  assignedAt: string;
  completedAt: string | null;
}

/** A pairing as either side sees it; `role` is mine in it. */
export interface PairingDto {
  id: string;
  role: 'mentor' | 'mentee';
  status: 'requested' | 'active' | 'declined' | 'ended' | 'graduated';
  mentor: { id: string; name: string };
  mentee: { id: string; name: string };
  compatibility: number;
  requestedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  lessonsCompleted: number;
  lessons: LessonDto[];
  coopChallenges: number;
  growth: SkillGrowthDto | null;
  skillsImproved: number;
  /** The mentee's rating of the mentor. */
  mentorRating: number | null;
  /** The mentor's rating of the mentee. */
  menteeRating: number | null;
}

/** `GET /api/mentorship` — everything of mine. */
export interface MentorshipOverviewDto {
  influence: number;
  /** Influence a mentor needs (1000). */
  mentorMinInfluence: number;
  /** Mentees a mentor may have at once (registry, 3). */
  maxMentees: number;
  /** Lessons and skills a graduation needs. */
  graduation: { lessons: number; skillsImproved: number; skillPoints: number };
  mentorProfile: MentoringPreferencesDto | null;
  ask: MentoringPreferencesDto | null;
  /** Offers for my ask while I have no open pairing as mentee. */
  offers: MentorOfferDto[];
  pairings: PairingDto[];
  /** Decay maintenance points I hold (GAME §1.2). */
  maintenancePoints: number;
}

/** `POST /api/mentorship/pairings/:id/graduate` */
export interface GraduationDto {
  pairingId: string;
  lessonsCompleted: number;
  coopChallenges: number;
  skillsImproved: number;
  growth: SkillGrowthDto;
  teachingHonor: number;
  graduations: number;
}

/** `POST /api/mentorship/pairings/:id/rating` */
export interface RatingDto {
  rated: 'mentor' | 'mentee';
  rating: number;
  influencePoints: number;
}
