import type { OidcStub } from '@atropos/testing';
import { startOidcStub, waitFor } from '@atropos/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { collectPageErrors, LAPTOP, screenshot } from './browser.js';
import type { BrowserPlatform } from './platform.js';
import { startBrowserPlatform } from './platform.js';

/**
 * People sign in to the web (WEB_SIGN_IN=true): without a session every page sends them to the
 * sign-in page; the session lives in an HttpOnly, SameSite cookie; a viewer sees no button that
 * changes anything, and a server action posted directly with a viewer's session is refused by the
 * web server itself; sign-in is throttled and audited; sign-out ends the session at the API.
 */
const ADMIN = { email: 'admin@example.com', password: 'first-admin-password-1' };
const VIEWER = { email: 'viewer@example.com', password: 'viewer-password-123' };

let platform: BrowserPlatform;
let provider: OidcStub;
let adminToken: string;
let taskId: string;

const apiCall = async (method: string, path: string, token: string, body?: unknown) => {
  const response = await fetch(`${platform.api.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> };
};

beforeAll(async () => {
  provider = await startOidcStub();
  platform = await startBrowserPlatform(
    {
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: provider.clientId,
      OIDC_CLIENT_SECRET: provider.clientSecret,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SIGN_IN_FAILURES_PER_ACCOUNT: '3',
      // The web server passes on the browser's address in X-Forwarded-For.
      TRUST_PROXY: 'loopback',
    },
    { WEB_SIGN_IN: 'true' },
  );
  const signedIn = await fetch(`${platform.api.baseUrl}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  adminToken = ((await signedIn.json()) as { token: string }).token;
  expect((await apiCall('POST', '/users', adminToken, { ...VIEWER, role: 'viewer' })).status).toBe(201);
  // A paused queue keeps the task pending, so its Cancel button stays on offer.
  expect((await apiCall('POST', '/queue/pause', adminToken)).status).toBe(200);
  taskId = (await apiCall('POST', '/tasks', adminToken, { task_type: 'default' })).body.id as string;
}, 120_000);

afterAll(async () => {
  await platform?.stop();
  await provider?.stop();
});

/** A browser context of its own (its own cookies), signed in through the form. */
async function signedInAs(who: { email: string; password: string }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await platform.browser.newContext({ viewport: LAPTOP });
  const page = await context.newPage();
  await page.goto(`${platform.web.baseUrl}/`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
  return { context, page };
}

/**
 * The request a click on `button` would send to its server action, captured and held back: the
 * action's id (Next-Action) and its arguments, to post again with another session.
 */
async function captureAction(page: Page, click: () => Promise<void>) {
  let captured: { url: string; headers: Record<string, string>; body: string } | undefined;
  await page.route('**/*', async (route) => {
    const request = route.request();
    const headers = request.headers();
    if (request.method() === 'POST' && headers['next-action']) {
      captured = { url: request.url(), headers, body: request.postData() ?? '' };
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await click();
  await waitFor('the server action request', () => captured);
  await page.unroute('**/*');
  return captured!;
}

/** Posts a captured server action with the cookies of `context`, as a script (or curl) could. */
async function postAction(context: BrowserContext, action: { url: string; headers: Record<string, string>; body: string }) {
  const response = await context.request.post(action.url, {
    headers: {
      'next-action': action.headers['next-action']!,
      'content-type': action.headers['content-type'] ?? 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      origin: platform.web.baseUrl,
    },
    data: action.body,
    maxRedirects: 0,
  });
  return { status: response.status(), text: await response.text() };
}

describe('signing in to the web', () => {
  it('sends a visitor without a session to the sign-in page, and says nothing about an open Atropos', async () => {
    const context = await platform.browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    await page.goto(`${platform.web.baseUrl}/tasks?status=pending`);
    await page.waitForURL(/\/sign-in\?next=%2Ftasks%3Fstatus%3Dpending$/);
    expect(await page.getByTestId('open-banner').count()).toBe(0);
    // The browser's scripts get a 401, not a page.
    expect((await context.request.get(`${platform.web.baseUrl}/api/tasks/events`)).status()).toBe(401);
    await screenshot(page, 'sign-in-laptop');
    await context.close();
  });

  it('keeps the session in an HttpOnly, SameSite cookie, and shows an admin every button', async () => {
    const { context, page } = await signedInAs(ADMIN);
    const errors = collectPageErrors(page);
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('admin@example.com · admin');
    const [cookie] = (await context.cookies()).filter((entry) => entry.name === 'atropos_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(cookie!.value).toMatch(/^ats_/);
    // The session is the API's: the web calls the API with it, and the API knows whose it is.
    expect((await apiCall('GET', '/auth/me', cookie!.value)).body).toMatchObject({ name: ADMIN.email, role: 'admin' });

    await page.getByRole('button', { name: 'Resume queue' }).waitFor();
    expect(await page.getByRole('button', { name: 'Flush queue' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'New task' }).count()).toBe(1);
    await page.goto(`${platform.web.baseUrl}/tasks/${taskId}`);
    await page.getByRole('button', { name: 'Cancel', exact: true }).waitFor();
    expect(errors.filter((error) => !/EventSource|net::ERR_|Failed to load resource/i.test(error))).toEqual([]);
    await context.close();
  });

  it('shows a viewer no button that changes anything', async () => {
    const { context, page } = await signedInAs(VIEWER);
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('viewer@example.com · viewer');
    await page.getByTestId('queue-state').waitFor();
    for (const name of ['Resume queue', 'Pause queue', 'Flush queue']) expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'New task' }).count()).toBe(0);
    // Schedules and the audit log are the admins': not even the links.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([
      'Dashboard',
      'Tasks',
      'Workflows',
      'Webhooks',
    ]);
    await page.goto(`${platform.web.baseUrl}/tasks/${taskId}`);
    await page.getByTestId('task-status').waitFor();
    expect(await page.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
    await screenshot(page, 'task-as-viewer-laptop');
    await page.goto(`${platform.web.baseUrl}/tasks/new`);
    await page.getByText('You may not create tasks').waitFor();
    await context.close();
  });

  it("shows a person of another tenant nothing of the first tenant's, and their own", async () => {
    const other = { email: 'operator@acme.example', password: 'acme-operator-password' };
    expect((await apiCall('POST', '/users', adminToken, { ...other, role: 'operator', tenant: 'acme' })).status).toBe(201);
    const { context, page } = await signedInAs(other);
    const [cookie] = (await context.cookies()).filter((entry) => entry.name === 'atropos_session');
    const own = (await apiCall('POST', '/tasks', cookie!.value, { task_type: 'default', name: 'acme only' })).body.id as string;

    await page.goto(`${platform.web.baseUrl}/tasks`);
    await page.getByRole('link', { name: 'acme only' }).first().waitFor();
    expect(await page.locator(`a[href="/tasks/${taskId}"]`).count()).toBe(0);
    expect(await page.locator(`a[href="/tasks/${own}"]`).count()).toBeGreaterThan(0);
    // The first tenant's task by its address: not found, not "forbidden".
    await page.goto(`${platform.web.baseUrl}/tasks/${taskId}`);
    await page.getByText('No task has this id').waitFor();
    await context.close();
  });

  it("refuses a server action posted directly with a viewer's session, and runs it for an admin", async () => {
    const admin = await signedInAs(ADMIN);
    const viewer = await signedInAs(VIEWER);

    // Cancel, as the task page would send it (held back before it reaches the server).
    await admin.page.goto(`${platform.web.baseUrl}/tasks/${taskId}`);
    const cancel = await captureAction(admin.page, async () => {
      await admin.page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await admin.page
        .getByRole('dialog')
        .getByRole('button', { name: /cancel task/i })
        .click();
    });
    const refused = await postAction(viewer.context, cancel);
    expect(refused.text).toContain('Your role (viewer) may not do this');
    expect((await apiCall('GET', `/tasks/${taskId}`, adminToken)).body.status).toBe('pending');

    // Resume the queue, likewise: an admin action.
    await admin.page.goto(`${platform.web.baseUrl}/`);
    const resume = await captureAction(admin.page, () => admin.page.getByRole('button', { name: 'Resume queue' }).click());
    expect((await postAction(viewer.context, resume)).text).toContain('Your role (viewer) may not do this');
    expect((await apiCall('GET', '/queue', adminToken)).body.paused).toBe(true);

    // Without any session, the request goes to the sign-in page instead.
    const anonymous = await platform.browser.newContext();
    expect((await postAction(anonymous, resume)).status).toBe(307);
    await anonymous.close();

    // The same requests with the admin's session do what they say: the refusals were the role's.
    await postAction(admin.context, cancel);
    expect((await apiCall('GET', `/tasks/${taskId}`, adminToken)).body.status).toBe('cancelled');
    await postAction(admin.context, resume);
    expect((await apiCall('GET', '/queue', adminToken)).body.paused).toBe(false);
    await admin.context.close();
    await viewer.context.close();
  });

  it('throttles guessing and audits each sign-in and failed sign-in', async () => {
    const audit = (action: string) =>
      platform.db.query<{ actor: string; source_ip: string }>(`SELECT actor, source_ip FROM audit_log WHERE action = $1 AND actor = $2`, [
        action,
        VIEWER.email,
      ]);
    const context = await platform.browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    await page.goto(`${platform.web.baseUrl}/sign-in`);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await page.getByLabel('Email').fill(VIEWER.email);
      await page.getByLabel('Password').fill(`wrong-guess-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // Each answer in turn (the alert reads the same each time): the failure is recorded.
      await waitFor(`failed sign-in ${attempt} in the audit log`, async () => (await audit('auth.sign_in_failed')).length === attempt);
      await page.getByRole('alert').getByText('The email or the password is wrong.').waitFor();
      await page.getByRole('button', { name: 'Sign in' }).and(page.locator(':enabled')).waitFor();
    }
    // Past the limit even the right password is refused, until the window ends.
    await page.getByLabel('Email').fill(VIEWER.email);
    await page.getByLabel('Password').fill(VIEWER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/Too many failed sign-ins: try again in \d+ (seconds|minutes)/)
      .waitFor();
    await screenshot(page, 'sign-in-throttled-laptop');
    expect(page.url()).toContain('/sign-in');

    await waitFor('the throttled sign-in in the audit log', async () => (await audit('auth.sign_in_throttled')).length === 1);
    expect(await audit('auth.sign_in_failed')).toHaveLength(3);
    expect(await audit('auth.sign_in')).toHaveLength(2); // the viewer's two sign-ins above
    // The browser's address, as the web server passed it on, not the web server's.
    expect((await audit('auth.sign_in_failed'))[0]!.source_ip).toMatch(/127\.0\.0\.1$/);
    await context.close();
  });

  it('signs a person in through single sign-on (a stand-in OpenID Connect provider on loopback) as their Atropos user', async () => {
    provider.signInAs(VIEWER.email);
    const context = await platform.browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    await page.goto(`${platform.web.baseUrl}/tasks/${taskId}`);
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    // To the provider and back: the task asked for first, as the viewer, with the viewer's buttons.
    await page.waitForURL(`${platform.web.baseUrl}/tasks/${taskId}`);
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('viewer@example.com · viewer');
    expect(await page.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
    expect(provider.tokenRequests.at(-1)).toEqual({ pkceVerified: true });
    // The checks' cookie is spent; the session's is HttpOnly like any.
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => cookie.name)).toEqual(['atropos_session']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await context.close();
  });

  it('says why when the provider proves an email no Atropos user has', async () => {
    provider.signInAs('stranger@example.com');
    const context = await platform.browser.newContext({ viewport: LAPTOP });
    const page = await context.newPage();
    await page.goto(`${platform.web.baseUrl}/sign-in`);
    await page.getByRole('link', { name: 'Sign in with single sign-on' }).click();
    await page.getByText('No Atropos user has the email stranger@example.com').waitFor();
    expect(page.url()).toContain('/sign-in?error=');
    expect((await context.cookies()).filter((cookie) => cookie.name === 'atropos_session')).toEqual([]);
    await context.close();
  });

  it('sends a person whose session an admin ended back to the sign-in page', async () => {
    const operator = { email: 'otto@example.com', password: 'operator-password-1' };
    const created = await apiCall('POST', '/users', adminToken, { ...operator, role: 'operator' });
    const { context, page } = await signedInAs(operator);
    await page.goto(`${platform.web.baseUrl}/tasks`);
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('otto@example.com · operator');
    expect((await apiCall('DELETE', `/users/${created.body.id as string}/sessions`, adminToken)).body).toEqual({ revoked: 1 });
    await page.goto(`${platform.web.baseUrl}/tasks`);
    await page.waitForURL(/\/sign-in$/);
    await context.close();
  });

  it('ends the session at the API on sign-out', async () => {
    const { context, page } = await signedInAs(ADMIN);
    const token = (await context.cookies()).find((entry) => entry.name === 'atropos_session')!.value;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    expect((await context.cookies()).filter((entry) => entry.name === 'atropos_session')).toEqual([]);
    expect((await apiCall('GET', '/tasks', token)).status).toBe(401);
    await waitFor('the sign-out in the audit log', async () => {
      const rows = await platform.db.query(`SELECT 1 FROM audit_log WHERE action = 'auth.sign_out' AND actor = $1`, [ADMIN.email]);
      return rows.length === 1;
    });
    await context.close();
  });
});
