import { balancesOf, playerAchievements, profileData, type ProfileData } from '@datavism/db';
import {
  CLASSIFIED, achievementDef, combatRating, hasSquadPerk, influenceBreakdown, isMasterTeacher, isSquadActive, levelForXp, maxMembers,
  playerTitles, rankProgress, specializations, squadLevelName, squadPerks, unlockProgress, xpForLevel, type SquadType,
} from '@datavism/rules';
import type { BadgeDto, ProgressionProfileDto } from '@datavism/shared-schema';
import type { Services } from '../context';

/**
 * The profile of a player (GAME §1, §2, §5) derived from the stored data with the rules. `self`
 * adds what only the player sees: XP, streak, days active, balances.
 */
export function toProgressionProfile(
  d: ProfileData,
  opts: { self: boolean; combatBase: number; balances?: Record<string, bigint>; /** Secret achievements the viewer holds. */ viewerSecrets?: ReadonlySet<string> },
): ProgressionProfileDto {
  const p = d.player;
  const reputation = {
    technicalMastery: p.technicalMastery, truthScore: p.truthScore, impactRating: p.impactRating,
    teachingHonor: p.teachingHonor, artisticVision: p.artisticVision,
  };
  const inf = influenceBreakdown(reputation, { firstBlood: p.firstBlood, massAwakening: p.massAwakening, squadLeader: p.isSquadLeader });
  const rank = rankProgress(inf.total);
  const squadType = d.squad?.type as SquadType | undefined;
  const eliteTraining = d.squad ? hasSquadPerk(squadType!, d.squad.level, 'Elite_Training') : false;
  const level = levelForXp(p.xp);
  const badges: BadgeDto[] = d.achievements.map((a) => {
    const def = achievementDef(a.achievementId)!;
    // Another player's secret badge stays [CLASSIFIED] for a viewer who has not earned it (GAME §5).
    if (def.secret && !opts.self && !opts.viewerSecrets?.has(def.id)) {
      return { achievementId: 'classified', title: CLASSIFIED, badge: '', rarity: '', xp: 0, earnedAt: a.earnedAt.toISOString(), holdersBps: null };
    }
    return {
      achievementId: def.id, title: def.title, badge: def.badge, rarity: def.rarity, xp: def.xp,
      earnedAt: a.earnedAt.toISOString(), holdersBps: a.holdersBps,
    };
  });
  const profile: ProgressionProfileDto = {
    id: p.id,
    name: p.name,
    role: p.role,
    self: opts.self,
    reputation,
    influence: { base: inf.base, multiplier: inf.multiplier, total: inf.total, value: Math.floor(inf.total), applied: inf.applied },
    rank: {
      name: rank.rank, minInfluence: rank.minInfluence, missing: rank.missing, progress: rank.progress,
      next: rank.next ? { name: rank.next.rank, minInfluence: rank.next.minInfluence } : null,
    },
    unlocks: unlockProgress(inf.total),
    titles: playerTitles({ founder: p.founder, titles: p.titles ?? [] }),
    founder: p.founder,
    // GAME §1: reached at influence 10000. The daily decay pass records it for good (the flag, and
    // the 5000 floor from then on); until that pass runs the status shows from the influence itself.
    foundingResistant: p.foundingResistant || unlockProgress(inf.total).reached.includes('founding_resistant'),
    specializations: specializations({
      technicalMastery: p.technicalMastery, truthScore: p.truthScore, investigationsLed: d.investigationsLed,
      studentsMentored: d.studentsMentored, contentPassed: d.contentPassed,
    }),
    record: {
      investigationsLed: d.investigationsLed, studentsMentored: d.studentsMentored, contentPassed: d.contentPassed,
      endorsementPoints: d.endorsementPoints, playersRewarded: d.playersRewarded,
    },
    level,
    badges,
    combatRating: combatRating(inf.total, { eliteTraining, base: opts.combatBase }),
    squad: d.squad
      ? {
          id: d.squad.id, name: d.squad.name, type: d.squad.type, role: d.squad.role, level: d.squad.level,
          levelName: squadLevelName(d.squad.level), memberCount: d.squad.memberCount,
          maxMembers: maxMembers(squadType!, d.squad.level), active: isSquadActive(squadType!, d.squad.memberCount),
          perks: squadPerks(squadType!, d.squad.level), missionsCompleted: d.squad.missionsCompleted,
          territoriesLiberated: d.squad.territoriesLiberated, evidenceGathered: d.squad.evidenceGathered,
        }
      : null,
    mentorship: d.studentsMentored > 0 ? { studentsMentored: d.studentsMentored, masterTeacher: isMasterTeacher(d.studentsMentored) } : null,
  };
  if (opts.self) {
    profile.xp = p.xp;
    profile.xpForNextLevel = xpForLevel(level + 1);
    profile.loginStreak = p.loginStreak;
    profile.daysActive = p.daysActive;
    profile.balances = Object.fromEntries(Object.entries(opts.balances ?? {}).map(([k, v]) => [k, String(v)]));
  }
  return profile;
}

/** A player's profile by id or name as `viewerId` sees it, or null for an unknown player. */
export async function loadProgressionProfile(s: Services, key: string, viewerId: string): Promise<ProgressionProfileDto | null> {
  const db = s.database.db;
  const d = await profileData(db, key);
  if (!d) return null;
  const self = d.player.id === viewerId;
  const balances = self ? await balancesOf(db, { kind: 'player', id: d.player.id }) : undefined;
  const viewerSecrets = self ? undefined
    : new Set((await playerAchievements(db, viewerId)).map((a) => a.achievementId).filter((id) => achievementDef(id)?.secret));
  return toProgressionProfile(d, { self, combatBase: s.parameters.get('combat_rating_base'), balances, viewerSecrets });
}
