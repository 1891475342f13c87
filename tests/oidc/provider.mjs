// A real OpenID Connect provider (oidc-provider) on loopback, for the single sign-on tests.
//
//   node provider.mjs CONFIG.json
//
// CONFIG.json gives the port, one confidential client (client_id, client_secret, redirect_uris,
// post_logout_redirect_uris) and the accounts people can sign in as:
//   {"port": 8123, "client": {...}, "accounts": {"alice": {"password": "...", "amr": ["pwd"],
//    "claims": {"sub": "...", "email": "...", "email_verified": true, "name": "..."}}}}
// The issuer is http://127.0.0.1:PORT. Signing keys are generated at start (RS256). The sign-in
// page asks for a username and password and checks them; consent is granted without asking,
// as a first-party deployment would. Nothing is fetched from outside this machine.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const accounts = config.accounts;
const bySub = new Map(Object.values(accounts).map((account) => [account.claims.sub, account]));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', alg: 'RS256', use: 'sig' };

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title, body) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

const provider = new Provider(issuer, {
  clients: [{ ...config.client, grant_types: ['authorization_code'], response_types: ['code'] }],
  jwks: { keys: [jwk] },
  cookies: { keys: ['test-provider-cookie-key'] },
  claims: {
    openid: ['sub', 'auth_time', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page(
          'Sign out of the test provider',
          `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`,
        );
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out', '<p>You are signed out of the test provider.</p>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const account = bySub.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ ...account.claims }) };
  },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Provider error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
});

function readForm(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function loginForm(uid, error) {
  const alert = error ? `<p role="alert">${escape(error)}</p>` : '';
  return page(
    'Sign in to the test provider',
    `${alert}<form method="post" action="/interaction/${escape(uid)}">
      <label>Provider username <input name="username" autocomplete="username"></label>
      <label>Provider password <input name="password" type="password"></label>
      <button type="submit">Continue</button>
    </form>`,
  );
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') {
    const { params, session, grantId, prompt } = details;
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const saved = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId: saved } }, { mergeWithLastSubmission: true });
    return;
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginForm(uid));
    return;
  }
  const form = await readForm(req);
  const account = accounts[form.get('username') || ''];
  if (!account || account.password !== form.get('password')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(loginForm(uid, 'Wrong username or password.'));
    return;
  }
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: account.claims.sub, amr: account.amr || ['pwd'] } },
    { mergeWithLastSubmission: false },
  );
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)$/.exec(req.url.split('?')[0]);
  if (!match) {
    callback(req, res);
    return;
  }
  interaction(req, res, match[1]).catch((error) => {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(String(error));
  });
});
server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`listening on ${issuer}\n`);
});
// Idle keep-alive connections (the site's, the browser's) would hold server.close() open.
const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, shutdown);
