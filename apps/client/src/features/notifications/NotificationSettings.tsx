/**
 * Notification settings (GAME §8.2): which tiers also go out of the game by email and by push,
 * the email address, and the topics followed. Defaults (no row yet) are the server's: push for
 * urgent, email for important and the digest, every topic.
 */
import { useEffect, useState } from 'react';
import { NOTIFICATION_TIERS, NOTIFICATION_TOPICS } from '@datavism/rules';
import { Button, Field, FormErrors, Loading } from '../../ui/kit';
import { useInbox } from '../social/hooks';
import { loadSettings, saveSettings } from './inboxStore';
import { PushToggle } from './PushToggle';

const TIER_WORDS: Record<string, string> = {
  urgent: 'Urgent — at once (sieges on your ground, outbid in the last minute)',
  important: 'Important — within 5 game minutes (decisions, operations, fills)',
  regular: 'Regular — within a game hour (achievements, results)',
  digest: 'Digest — once a game day',
};

export function NotificationSettings() {
  const settings = useInbox((s) => s.settings);
  const error = useInbox((s) => s.settingsError);
  const saving = useInbox((s) => s.saving);
  const [email, setEmail] = useState('');
  const [emailTiers, setEmailTiers] = useState<string[]>([]);
  const [pushTiers, setPushTiers] = useState<string[]>([]);
  const [topics, setTopics] = useState<string[] | null>(null);
  useEffect(() => { void loadSettings(); }, []);
  useEffect(() => {
    if (!settings) return;
    setEmail(settings.email ?? '');
    setEmailTiers(settings.emailTiers);
    setPushTiers(settings.pushTiers);
    setTopics(settings.interests);
  }, [settings]);
  if (!settings) return error ? <FormErrors error={error} /> : <Loading label="Loading your settings…" />;
  const toggle = (list: string[], item: string) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);
  const allTopics = topics === null;
  return (
    <form className="kit-form inbox-settings" data-testid="notification-settings" onSubmit={(e) => {
      e.preventDefault();
      void saveSettings({
        email: email.trim() ? email.trim() : null,
        emailTiers: emailTiers as typeof NOTIFICATION_TIERS[number][],
        pushTiers: pushTiers as typeof NOTIFICATION_TIERS[number][],
        interests: topics as typeof NOTIFICATION_TOPICS[number][] | null,
      });
    }}>
      <Field label="Email address" hint="Only for the tiers ticked for email. Leave empty to get no email.">
        <input type="email" value={email} maxLength={254} placeholder="you@example.org" onChange={(e) => setEmail(e.target.value)} data-testid="settings-email" />
      </Field>
      <table className="inbox-tiers">
        <caption className="sr-only">Tiers sent out of the game</caption>
        <thead><tr><th scope="col">Tier</th><th scope="col">Email</th><th scope="col">Push</th></tr></thead>
        <tbody>
          {NOTIFICATION_TIERS.map((t) => (
            <tr key={t}>
              <th scope="row">{TIER_WORDS[t] ?? t}</th>
              <td><input type="checkbox" className="kit-input" aria-label={`${t} by email`} checked={emailTiers.includes(t)} onChange={() => setEmailTiers(toggle(emailTiers, t))} data-testid={`settings-email-${t}`} /></td>
              <td><input type="checkbox" className="kit-input" aria-label={`${t} by push`} checked={pushTiers.includes(t)} onChange={() => setPushTiers(toggle(pushTiers, t))} data-testid={`settings-push-${t}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <PushToggle />
      <fieldset className="inbox-topics">
        <legend className="kit-field-label">Topics you follow</legend>
        <label className="inbox-topic"><input type="checkbox" className="kit-input" checked={allTopics} onChange={() => setTopics(allTopics ? [...NOTIFICATION_TOPICS] : null)} /> everything</label>
        {!allTopics ? NOTIFICATION_TOPICS.map((t) => (
          <label key={t} className="inbox-topic"><input type="checkbox" className="kit-input" checked={topics!.includes(t)} onChange={() => setTopics(toggle(topics!, t))} /> {t}</label>
        )) : null}
      </fieldset>
      <FormErrors error={error} testId="settings-error" />
      <div><Button type="submit" variant="primary" busy={saving} testId="settings-save">Save settings</Button></div>
      <p className="muted small">Below a relevance of 0.4 a notification stays in the game whatever you tick here.</p>
    </form>
  );
}
