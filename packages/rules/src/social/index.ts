// The social layer's pure rules (GAME §8.1): channels and gates, chat text and rate, word filter.
export {
  GATED_CHANNELS, MAX_CHANNEL_KEY_LENGTH,
  parseChannel, dmChannel, squadChannelKey, handlerChannelKey, councilChannelKey, hasRole, activeUnlock, channelAccess,
  assertMayPost, nextGateToUnlock, unlockExpiry, openGatedChannels,
  type GatedChannel, type ChannelRef, type GateUnlock, type SocialRole, type ChannelViewer, type ChannelAccess,
} from './channels';
export { charCount, stripChatText, sanitizeChatText, chatRateAllows } from './text';
export {
  FILTER_WHITELIST, FILTER_TERM_MAX,
  normaliseFilterTerm, createWordFilter,
  type FilterResult, type WordFilter,
} from './filter';
