import { escapeHtml, htmlPage } from './html.js';

/** The login form; posts `username` and `password` to `/interaction/:uid/login`. */
export function loginPage(input: {
  uid: string;
  clientId: string;
  username?: string;
  error?: string;
}): string {
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>\n` : '';
  return htmlPage(
    'Sign in',
    `<p>to continue to <code>${escapeHtml(input.clientId)}</code></p>
${error}<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/login">
<label>Username <input name="username" autocomplete="username" autofocus required value="${escapeHtml(input.username ?? '')}"></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
<p class="note">Dev accounts: alice / alice, bob / bob.</p>`,
  );
}

/** What the consent page shows; every value is escaped on output. */
export interface ConsentPageInput {
  uid: string;
  clientId: string;
  /** The client's registered name, shown beside its id. */
  clientName?: string | undefined;
  username: string;
  /** OpenID scopes asked for (`openid`, `profile`, `email`), without `offline_access`. */
  identityScopes: readonly string[];
  /** Resource scopes asked for (`notes.read`, …). */
  resourceScopes: readonly string[];
  /** Where the access tokens will be sent, for display. */
  resources: readonly string[];
  /** `offline_access` was asked for: the client keeps access while the user is away. */
  backgroundAccess: boolean;
}

/** The consent form: what is asked for, and a single "Allow" button posting to `/interaction/:uid/confirm`. */
export function consentPage(input: ConsentPageInput): string {
  const client = `<code>${escapeHtml(input.clientId)}</code>`;
  const clientLabel =
    input.clientName && input.clientName !== input.clientId
      ? `<strong>${escapeHtml(input.clientName)}</strong> (${client})`
      : client;
  const background = input.backgroundAccess
    ? `<p id="background-access"><strong>Background access:</strong> ${clientLabel} will keep this access while ` +
      'you are away, acting for you when you are not signed in, until you revoke it.</p>\n'
    : '';
  const form =
    `<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/confirm">\n` +
    '<button type="submit" name="allow" value="yes">Allow</button>\n</form>';
  return htmlPage(
    'Allow access',
    `<p>${clientLabel} asks to act as <strong>${escapeHtml(input.username)}</strong>.</p>\n` +
      list('resource-scopes', 'Access to:', input.resourceScopes) +
      list('resources', 'At:', input.resources) +
      list('identity-scopes', 'Identity:', input.identityScopes) +
      background +
      form,
  );
}

function list(id: string, label: string, items: readonly string[]): string {
  if (items.length === 0) return '';
  const entries = items.map((item) => `<li><code>${escapeHtml(item)}</code></li>`).join('');
  return `<p>${label}</p><ul id="${id}">${entries}</ul>\n`;
}

/** A dead-end page for a missing, expired or foreign interaction. */
export function interactionErrorPage(message: string): string {
  return htmlPage('Sign-in interrupted', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
