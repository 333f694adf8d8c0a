import { z } from 'zod';

/** Player names: 3–24 letters, digits, `_` or `-`. */
export const PlayerName = z.string().regex(/^[A-Za-z0-9_-]{3,24}$/, 'name must be 3-24 letters, digits, _ or -');

export const RegisterBody = z.object({
  name: PlayerName,
  password: z.string().min(8, 'password must be at least 8 characters').max(128),
}).strict();
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({
  name: z.string().min(1).max(64),
  password: z.string().min(1).max(128),
}).strict();
export type LoginBody = z.infer<typeof LoginBody>;

/** A player's profile as `GET /api/me` and the auth routes return it. */
export interface PlayerProfile {
  id: string;
  name: string;
  role: 'player' | 'moderator' | 'gm' | 'admin';
  rank: string;
  influence: number;
  level: number;
  xp: number;
  xpForNextLevel: number;
  loginStreak: number;
  titles: string[];
  reputation: Record<string, number>;
  balances: Record<string, string>;
  deployedTerritoryId: string | null;
}

export interface AuthResponse {
  token: string;
  player: PlayerProfile;
  /** Present on login: what today's first login paid, or null if already paid today. */
  dailyLogin?: { streak: number; reward: Record<string, number | string | null> | null } | null;
}
