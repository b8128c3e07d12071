/**
 * The newsletter's pages on Foyer's web server. The confirmation link confirms on GET (it
 * is opened by the person who just asked for it, and expires soon). The unsubscribe link
 * never acts on GET: mail scanners open every link they see, so a GET only shows a button,
 * and the unsubscribe itself is a POST (RFC 8058 one-click, or that button).
 */
import type { CoreMessageKey, Locale, Translator } from '../../core/i18n/translator.ts';
import type { WebRoute, WebRoutes } from '../../core/ports.ts';
import { paragraph, rich, toPlainText, type Inline } from '../../core/rich-text.ts';
import { escapeHtml } from './newsletter.logic.ts';
import type { NewsletterMessageKey } from './newsletter.messages.ts';
import type { NewsletterStore, Subscriber } from './newsletter.store.ts';

type T = Translator<NewsletterMessageKey | CoreMessageKey>;

export const CONFIRM_PURPOSE = 'newsletter-confirm';

/** What a confirmation token carries: the address's row and which request it answers. */
export const confirmSubject = (subscriber: Pick<Subscriber, 'id' | 'codeHash'>): string =>
  `${subscriber.id}.${(subscriber.codeHash ?? '').slice(0, 16)}`;

export interface NewsletterPagesDeps {
  web: WebRoutes;
  store: NewsletterStore;
  community: { id: string; name: string; locale: Locale };
  translator(locale: Locale): T;
  now(): Date;
  /** How to subscribe again, as typed in chat. */
  subscribeCommand: string;
}

const plain = (inlines: Inline[]): string => toPlainText(rich(paragraph(...inlines)));

/* The page's own policy: the default one, but its one form may post back to this server. */
const PAGE_POLICY =
  "default-src 'none'; script-src 'none'; style-src 'none'; img-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function page(locale: Locale, title: string, body: string, status = 200): Response {
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': PAGE_POLICY,
    },
  });
}

const localeOf = (subscriber: Subscriber | undefined, fallback: Locale): Locale =>
  subscriber?.locale === 'en' || subscriber?.locale === 'fr' ? subscriber.locale : fallback;

export function newsletterRoutes(deps: NewsletterPagesDeps): WebRoute[] {
  const { web, store, community } = deps;
  const invalid = (locale: Locale) => {
    const t = deps.translator(locale);
    return page(
      locale,
      plain(t.t('newsletter.web.invalid.title')),
      `<p>${escapeHtml(plain(t.t('newsletter.web.invalid.body', { command: deps.subscribeCommand })))}</p>`,
      404,
    );
  };
  const bySubject = (subject: string): Subscriber | undefined => {
    const [id, hash] = subject.split('.');
    const subscriber = store.byId(Number(id));
    return subscriber && subscriber.codeHash && confirmSubject(subscriber) === `${id}.${hash}` ? subscriber : undefined;
  };
  return [
    {
      method: 'GET',
      path: '/newsletter/confirm/:token',
      handle(_request, params) {
        const checked = web.verify(CONFIRM_PURPOSE, params['token'] ?? '');
        const subscriber = checked.ok ? bySubject(checked.subject) : undefined;
        const locale = localeOf(subscriber, community.locale);
        if (!subscriber || subscriber.status !== 'pending') return invalid(locale);
        store.confirm(subscriber.id, deps.now(), 'web');
        const t = deps.translator(locale);
        return page(
          locale,
          plain(t.t('newsletter.web.confirmed.title')),
          `<p>${escapeHtml(plain(t.t('newsletter.web.confirmed.body', { community: community.name, address: subscriber.address })))}</p>`,
        );
      },
    },
    {
      method: 'GET',
      path: '/newsletter/unsubscribe/:token',
      handle(_request, params) {
        const subscriber = store.byUnsubscribeToken(params['token'] ?? '');
        const locale = localeOf(subscriber, community.locale);
        if (!subscriber) return invalid(locale);
        const t = deps.translator(locale);
        const body = plain(
          t.t('newsletter.web.unsubscribe.body', { community: community.name, address: subscriber.address }),
        );
        // The form posts to the page's own address: the one-click URL itself.
        return page(
          locale,
          plain(t.t('newsletter.web.unsubscribe.title')),
          `<p>${escapeHtml(body)}</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(plain(t.t('newsletter.web.unsubscribe.button')))}</button></form>`,
        );
      },
    },
    {
      method: 'POST',
      path: '/newsletter/unsubscribe/:token',
      handle(_request, params) {
        const subscriber = store.byUnsubscribeToken(params['token'] ?? '');
        const locale = localeOf(subscriber, community.locale);
        if (!subscriber) return invalid(locale);
        store.unsubscribe(subscriber.id, deps.now(), 'web');
        const t = deps.translator(locale);
        return page(
          locale,
          plain(t.t('newsletter.web.unsubscribed.title')),
          `<p>${escapeHtml(plain(t.t('newsletter.web.unsubscribed.body', { address: subscriber.address })))}</p>`,
        );
      },
    },
  ];
}
