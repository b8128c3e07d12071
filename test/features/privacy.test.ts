import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/harness.ts';

let h: Harness;
afterEach(async () => h?.stop());

/** The member's last export, read back from the reply. */
const exported = (name: string) =>
  JSON.parse(h.lastReplyTo(name)!.replace(/^Everything Foyer keeps about you, as JSON:\n\n/, '')) as Record<
    string,
    unknown
  >;

describe('privacy', () => {
  it('shows a member what Foyer keeps about them, never the text of their messages', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.post('alice', 'general', 'my secret recipe is cardamom');
    await h.command('alice', '/interests design');
    await h.command('alice', '/mydata');
    const reply = h.lastReplyTo('alice')!;
    expect(reply).toContain('messages: 1 recorded as channel and time only');
    expect(reply).toContain('onboarding steps done: interests (design)');
    expect(reply).toContain('times Foyer contacted you: 1');
    expect(reply).toContain('welcome: welcome on join by channel — sent');
    expect(reply).not.toContain('cardamom');
    expect(reply).toContain('reports you filed: 0');
  });

  it('lists the reports a member filed, never reports filed about them', async () => {
    h = await Harness.start();
    await h.command('ana', '/report bo was rude to me');
    await h.command('ana', '/mydata');
    expect(h.lastReplyTo('ana')).toContain('reports you filed: 1 (#1 open)');
    await h.command('bo', '/mydata export');
    expect(h.lastReplyTo('bo')).not.toContain('rude');
    expect(h.lastReplyTo('bo')).toContain('"reportsFiled": []');
  });

  it('exports the same as JSON, and only the member’s own data', async () => {
    h = await Harness.start();
    await h.join('alice');
    await h.join('bob');
    await h.post('bob', 'general', 'hi');
    await h.command('alice', '/mydata export');
    const json = JSON.parse(
      h.lastReplyTo('alice')!.replace(/^Everything Foyer keeps about you, as JSON:\n\n/, ''),
    ) as Record<string, unknown>;
    expect(json['member']).toBe('console:alice');
    expect((json['messages'] as { count: number }).count).toBe(0);
    expect((json['outreach'] as unknown[]).length).toBe(1);
    expect(JSON.stringify(json)).not.toContain('console:bob');
  });

  it('exports member text inert: bidi and zero-width characters are written as escapes, and the JSON reads back exactly', async () => {
    h = await Harness.start();
    const reason = 'bo sent me a file named invoice\u202Efdp.exe and ev\u200Deryone\u200B saw it';
    await h.command('ana', `/report ${reason}`);
    await h.command('ana', '/mydata export');
    const reply = h.sent.filter((s) => s.kind === 'reply' && s.to === '@ana').at(-1)!;
    expect(reply.text).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    const json = JSON.parse(reply.text.replace(/^Everything Foyer keeps about you, as JSON:\n\n/, '')) as {
      reportsFiled: { reason: string }[];
    };
    expect(json.reportsFiled[0]!.reason).toBe(reason);
  });

  it('sends the export as a code block, never as text that markdown could read', async () => {
    h = await Harness.start();
    await h.command('ana', '/report @everyone <@&123> [click](https://evil.example) ``` escape');
    await h.command('ana', '/mydata export');
    const reply = h.sent.filter((s) => s.kind === 'reply' && s.to === '@ana').at(-1)!;
    expect(reply.message.blocks.map((b) => b.type)).toEqual(['paragraph', 'code']);
    expect(reply.private).toBe(true);
  });

  it('answers in the member’s language', async () => {
    h = await Harness.start();
    await h.join('ana');
    await h.command('ana', '/language fr');
    await h.command('ana', '/mydata export');
    expect(h.lastReplyTo('ana')).toMatch(/^Tout ce que Foyer conserve sur vous, en JSON :\n\n\{/);
  });

  it('lists every part of what Foyer keeps in one order, whichever feature keeps it; exports each under its key', async () => {
    h = await Harness.start();
    await h.join('alice', { photo: true });
    await h.post('alice', 'general', 'hello');
    await h.advance('1h');
    await h.post('alice', 'introductions', 'I am alice');
    await h.command('alice', '/interests design, events');
    await h.command('alice', '/rules accept');
    await h.command('alice', '/report bo was rude');
    await h.command('alice', '/mydata');
    expect(h.lastReplyTo('alice')!.split('\n')).toEqual([
      'What Foyer keeps about you:',
      '',
      '• joined: Mar 2, 2026, 10:00 AM GMT+1; left: —; first message: Mar 2, 2026, 10:00 AM GMT+1',
      '• profile photo: yes (since Mar 2, 2026, 10:00 AM GMT+1); language: community default',
      '• onboarding steps done: code of conduct, interests (design, events), introduction, and profile photo',
      '• messages: 2 recorded as channel and time only, never their text ' +
        '(first Mar 2, 2026, 10:00 AM GMT+1, last Mar 2, 2026, 11:00 AM GMT+1)',
      '• reports you filed: 1 (#1 open)',
      '• times Foyer contacted you: 2',
      '•   Mar 2, 2026, 11:00 AM GMT+1 onboarding: onboarding completed by channel — sent',
      '•   Mar 2, 2026, 10:00 AM GMT+1 welcome: welcome on join by channel — sent',
      '',
      'A JSON copy: /mydata export; to erase it all: /mydata erase',
    ]);
    await h.command('alice', '/mydata export');
    const json = exported('alice');
    expect(Object.keys(json)).toEqual([
      'community',
      'member',
      'exportedAt',
      'profile',
      'reportsFiled',
      'onboardingSteps',
      'messages',
      'outreach',
    ]);
    const completed = '2026-03-02T10:00:00.000Z';
    expect(json['profile']).toMatchObject({
      memberId: 'console:alice',
      hasPhoto: true,
      onboardingCompletedAt: completed,
    });
    expect(json['onboardingSteps']).toEqual([
      { step: 'code-of-conduct', doneAt: '2026-03-02T10:00:00.000Z', detail: null },
      { step: 'interests', doneAt: '2026-03-02T10:00:00.000Z', detail: 'design, events' },
      { step: 'introduce', doneAt: '2026-03-02T10:00:00.000Z', detail: null },
      { step: 'photo', doneAt: '2026-03-02T09:00:00.000Z', detail: null },
    ]);
    expect(json['messages']).toEqual({ count: 2, first: '2026-03-02T09:00:00.000Z', last: '2026-03-02T10:00:00.000Z' });
    expect(json['reportsFiled']).toEqual([
      { id: 1, at: '2026-03-02T10:00:00.000Z', reason: 'bo was rude', status: 'open', outcome: null },
    ]);
    const sent = { via: 'channel', status: 'sent', outcome: 'delivered' };
    expect(json['outreach']).toEqual([
      { at: '2026-03-02T10:00:00.000Z', feature: 'onboarding', reason: 'onboarding completed', ...sent },
      { at: '2026-03-02T09:00:00.000Z', feature: 'welcome', reason: 'welcome on join', ...sent },
    ]);
  });

  it('answers a member Foyer has no record of with empty parts, not an error', async () => {
    h = await Harness.start();
    await h.command('zoe', '/mydata');
    expect(h.lastReplyTo('zoe')!.split('\n').slice(2, -2)).toEqual([
      '• joined: —; left: —; first message: —',
      '• profile photo: no; language: community default',
      '• onboarding steps done: none',
      '• messages: 0 recorded as channel and time only, never their text (first —, last —)',
      '• reports you filed: 0',
      '• times Foyer contacted you: 0',
    ]);
    await h.command('zoe', '/mydata export');
    expect(exported('zoe')).toMatchObject({
      profile: null,
      reportsFiled: [],
      onboardingSteps: [],
      messages: { count: 0, first: null, last: null },
      outreach: [],
    });
  });

  it('shows the summary in the member’s French: every line, the dates, the plurals and the command to copy', async () => {
    h = await Harness.start();
    await h.join('amélie', { photo: true });
    await h.post('amélie', 'general', 'bonjour');
    await h.command('amélie', '/interests design');
    await h.command('amélie', '/language fr');
    await h.command('amélie', '/mydata');
    expect(h.lastReplyTo('amélie')!.split('\n')).toEqual([
      'Ce que Foyer conserve sur vous :',
      '',
      '• arrivée : 2 mars 2026, 10:00 UTC+1 ; départ : — ; premier message : 2 mars 2026, 10:00 UTC+1',
      '• photo de profil : oui (depuis le 2 mars 2026, 10:00 UTC+1) ; langue : français',
      '• étapes d’accueil faites : centres d’intérêt (design) et photo de profil',
      '• messages : 1 enregistré comme salon et heure seulement, jamais son texte ' +
        '(premier 2 mars 2026, 10:00 UTC+1, dernier 2 mars 2026, 10:00 UTC+1)',
      expect.stringMatching(/^• .*: 0/),
      '• nombre de fois où Foyer vous a contacté : 1',
      '•   2 mars 2026, 10:00 UTC+1 accueil : accueil à l’arrivée dans le salon — envoyé',
      '',
      'Une copie en JSON : /mydata export ; pour tout effacer : /mydata erase',
    ]);
  });

  it('speaks French to a member of a French community who has no record yet, and describes /mydata in French', async () => {
    h = await Harness.start({ community: { locale: 'fr' } });
    await h.command('zoé', '/mydata');
    const lines = h.lastReplyTo('zoé')!.split('\n');
    expect(lines[0]).toBe('Ce que Foyer conserve sur vous :');
    expect(lines).toContain('• photo de profil : non ; langue : celle de la communauté');
    expect(lines).toContain('• étapes d’accueil faites : aucune');
    expect(lines).toContain('• nombre de fois où Foyer vous a contacté : 0');
    await h.command('zoé', '/help');
    expect(h.lastReplyTo('zoé')).toContain(
      '/mydata — Voir ce que Foyer conserve sur vous (ajoutez « export » pour une copie JSON, « erase » pour l’effacer)',
    );
    await h.command('zoé', '/mydata everything');
    expect(h.lastReplyTo('zoé')).toBe(
      'format doit être l’un de : summary, export, erase.\n\nUtilisation : /mydata [summary|export|erase] [code]',
    );
  });
});
