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

/** The consent form: what is asked for, and a single "Allow" button posting to `/interaction/:uid/confirm`. */
export function consentPage(input: {
  uid: string;
  clientId: string;
  username: string;
  scopes: readonly string[];
  resources: readonly string[];
}): string {
  const scopes = input.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
  const resources = input.resources
    .map((resource) => `<li><code>${escapeHtml(resource)}</code></li>`)
    .join('');
  return htmlPage(
    'Allow access',
    `<p><code>${escapeHtml(input.clientId)}</code> asks to act as <strong>${escapeHtml(input.username)}</strong>.</p>
${scopes ? `<p>Scopes:</p><ul>${scopes}</ul>` : ''}
${resources ? `<p>Resources:</p><ul>${resources}</ul>` : ''}
<form method="post" action="/interaction/${encodeURIComponent(input.uid)}/confirm">
<button type="submit" name="allow" value="yes">Allow</button>
</form>`,
  );
}

/** A dead-end page for a missing, expired or foreign interaction. */
export function interactionErrorPage(message: string): string {
  return htmlPage('Sign-in interrupted', `<p class="error" role="alert">${escapeHtml(message)}</p>`);
}
