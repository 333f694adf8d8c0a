/** React bindings of the social and inbox stores: components subscribe with selectors. */
import { useStore } from 'zustand';
import { inboxStore, type InboxState } from '../notifications/inboxStore';
import { socialStore, type SocialState } from './socialStore';

export function useSocial<T>(selector: (s: SocialState) => T): T {
  return useStore(socialStore, selector);
}

export function useInbox<T>(selector: (s: InboxState) => T): T {
  return useStore(inboxStore, selector);
}
