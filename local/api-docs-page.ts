/**
 * The `/docs` page of the local gateway (local/api-docs.ts): Swagger UI on /openapi.json, and above it a sign-in
 * form for the local user pool. Signing in asks `POST /docs/sign-in` for an ID token and hands it to Swagger UI's
 * Authorize (`preauthorizeApiKey`), so "Try it out" sends it on every route. No external URL: assets are local.
 */
export interface DocsPageUser {
  readonly username: string;
  readonly group: string;
  readonly name: string;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const STYLE = `
    body { margin: 0; }
    .sign-in { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 10px 20px;
      font: 14px sans-serif; color: #3b4151; background: #eef6f0; border-bottom: 1px solid #c9e3cf; }
    .sign-in select, .sign-in input, .sign-in button { font: inherit; padding: 4px 8px; }
    .sign-in button { background: #49cc90; color: #fff; border: 1px solid #3da876; border-radius: 4px; cursor: pointer; }
    .sign-in [role=status] { margin-left: 8px; }
    .sign-in[data-state=ok] [role=status] { color: #1f7a4d; font-weight: bold; }
    .sign-in[data-state=failed] [role=status] { color: #b00020; font-weight: bold; }`;

const SCRIPT = `
    window.ui = SwaggerUIBundle({
      url: '/openapi.json',
      dom_id: '#swagger-ui',
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'StandaloneLayout',
      deepLinking: true,
      persistAuthorization: false,
    });
    const form = document.getElementById('sign-in');
    const status = document.getElementById('sign-in-status');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const username = form.elements.username.value;
      const role = form.elements.username.selectedOptions[0].dataset.group;
      form.dataset.state = 'pending';
      status.textContent = 'Signing in as ' + username + '…';
      try {
        const response = await fetch('/docs/sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: form.elements.password.value }),
        });
        const answer = await response.json();
        if (!response.ok) throw new Error(answer.message || response.statusText);
        window.ui.preauthorizeApiKey('cognitoJwt', answer.idToken);
        form.dataset.state = 'ok';
        status.textContent = 'Signed in as ' + username + ' (' + role + ') for ' + Math.round(answer.expiresIn / 60) +
          ' min. Open a route, "Try it out", "Execute".';
      } catch (error) {
        form.dataset.state = 'failed';
        status.textContent = 'Sign-in failed: ' + error.message;
      }
    });`;

export const docsPage = (users: readonly DocsPageUser[], demoPassword: string): string => {
  const options = users
    .map((user) => {
      const label = `${user.username} — ${user.group} (${user.name})`;
      return `<option value="${escapeHtml(user.username)}" data-group="${escapeHtml(user.group)}">${escapeHtml(label)}</option>`;
    })
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>CRM API reference</title>
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <style>${STYLE}
  </style>
</head>
<body>
  <form id="sign-in" class="sign-in" data-state="signed-out">
    <strong>Local stack:</strong> sign in as a demo user to try every route
    <select name="username" aria-label="Demo user">
      ${options}
    </select>
    <input name="password" type="password" value="${escapeHtml(demoPassword)}" aria-label="Password">
    <button type="submit">Sign in</button>
    <span id="sign-in-status" role="status">Not signed in: API routes answer 401.</span>
  </form>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-ui-standalone-preset.js"></script>
  <script>${SCRIPT}
  </script>
</body>
</html>
`;
};
