import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { AcknowledgeLinks } from '@slawatch/escalation';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../../test/harness/free-port.js';
import { breach, hubBreach, TOKENS } from './fixtures.js';
import { Receiver } from './receiver.js';
import { type ServiceUnderTest, startServiceUnderTest } from './service-under-test.js';

/*
 * The on-call console in Debian's Chromium (playwright-core, no browser
 * download) against the real escalation service, Kafka and Redis. One
 * browser for the file; each role signs in in its own context (its own
 * cookies). Screenshots go to test-artifacts/console/ (git-ignored).
 */

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = join(inject('repositoryRoot'), 'test-artifacts', 'console');
/** What an upstream bug might put on a breach: the contract drops it, so no page or answer may show it. */
const PHONE = '13812345678';
const ADDRESS = '西湖区文三路 88 号';
const PERSONAL = [PHONE, ADDRESS, '张三', /(?<!\d)1[3-9]\d{9}(?!\d)/];

let service: ServiceUnderTest;
let browser: Browser;
const receiver = new Receiver();
const run = Date.now().toString(36).toUpperCase();

async function signIn(role: keyof typeof TOKENS, options: { width?: number } = {}) {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: 'en-GB',
  });
  const page = await context.newPage();
  await page.goto(`${service.api}/console/`);
  await page.getByLabel('API token').fill(TOKENS[role]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('owner').waitFor();
  return { context, page };
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A breach change with personal data added to the record, as a faulty upstream might send it. */
function withPersonalData<T extends object>(change: T): T {
  return { ...change, recipientPhone: PHONE, recipientAddress: ADDRESS, recipientName: '张三' };
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  service = await startServiceUnderTest(receiver);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

describe('the on-call console', () => {
  let responder: { context: BrowserContext; page: Page };
  const hubWaybills = [1, 2, 3].map((i) => `SF${run}H${i}`);
  const lone = `SF${run}L1`;
  const loneId = `${lone}:delivered_on_time:breach:1`;

  it('signs a responder in and shows breaches published to Kafka within 2 s, without reload', async () => {
    responder = await signIn('responder');
    expect(await responder.page.getByTestId('owner').textContent()).toContain('alice (responder)');
    const cookies = await responder.context.cookies();
    const session = cookies.find((c) => c.name === 'slawatch_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');

    const { page } = responder;
    await page.goto(`${service.api}/console/#/breaches?range=1h`);
    await page.getByText('Live').waitFor();
    await page.getByTestId('total').waitFor();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()));

    const published = Date.now();
    await service.publish(
      withPersonalData(breach(lone, { severity: 'critical', segment: 'key_account' })),
      ...hubWaybills.map((w) => withPersonalData(hubBreach(w, `HGH${run}`))),
    );
    await page.getByText(lone).waitFor({ timeout: 2_000 });
    const seenMs = Date.now() - published;
    await page.getByText(hubWaybills[2]!).waitFor({ timeout: 2_000 });
    expect(seenMs).toBeLessThan(2_000);
    expect(navigations).toEqual([]);
    console.log(`[console] breach on the page ${seenMs} ms after it was published`);

    // Counts per filter: the hub's chip counts its three breaches; choosing it narrows the list to them.
    const hubChip = page.locator('[data-facet="facility"] button', { hasText: `hub:HGH${run}` });
    await expect.poll(() => hubChip.textContent()).toContain('3');
    await hubChip.click();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('3');
    await shot(page, 'list');
  });

  it('acknowledges a breach and the timeline names the responder', async () => {
    const { page } = responder;
    await page.goto(`${service.api}/console/#/breach/${encodeURIComponent(loneId)}`);
    await page.getByTestId('action').waitFor();
    expect(await page.getByTestId('cause').textContent()).toContain('Hangzhou→Shanghai');
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect.poll(() => page.getByTestId('state').textContent()).toBe('acknowledged');
    const acknowledged = page.getByTestId('timeline').locator('li', { hasText: 'acknowledged' });
    await expect.poll(() => acknowledged.textContent()).toContain('alice');

    // The silence preview says what it would hold back before anything is created.
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect
      .poll(() => page.getByTestId('silence-preview').textContent())
      .toMatch(/Would silence \d+ open breaches now/);
    await shot(page, 'detail');

    // Create it for this waybill only, then lift it from the silences page.
    await page.getByLabel('standard = ').uncheck();
    await page.getByLabel('waybill = ').check();
    await page.getByLabel('Comment').fill('customer asked us to hold this parcel');
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByTestId('silence-preview').textContent()).toContain('Allowed for you');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.getByText('Done').last().waitFor();
    await page.goto(`${service.api}/console/#/silences`);
    const silence = page.locator('li', { hasText: `waybill = ${lone}` });
    await silence.getByRole('button', { name: 'Lift silence' }).click();
    await expect.poll(() => silence.count()).toBe(0);
    const silences = await service.call('GET', '/api/silences', TOKENS.viewer);
    const mine = (
      silences.body['silences'] as Array<{ comment: string; expiredBy?: string; active: boolean }>
    ).find((s) => s.comment === 'customer asked us to hold this parcel');
    expect(mine).toMatchObject({ expiredBy: 'alice', active: false });
  });

  it('groups the hub’s breaches into one live incident, on the list, its detail and the overview', async () => {
    const { page } = responder;
    await page.goto(`${service.api}/console/#/incidents?facility=hub:HGH${run}`);
    const row = page.getByTestId('incidents-list').locator('li');
    await expect.poll(() => row.count()).toBe(1);
    await row.locator('a').click();
    await expect.poll(() => page.locator('#members-title').textContent()).toContain('3 open / 3 total');
    await page.goto(`${service.api}/console/#/overview`);
    await page.getByRole('link', { name: new RegExp(`hub:HGH${run}.*3`) }).waitFor();
    await shot(page, 'overview');
  });

  it('refuses a forged cross-site POST made with the session cookie', async () => {
    const attackerPort = await freePort();
    // Another port of the same host is the same "site": the SameSite=Strict cookie IS sent, so the check must hold.
    const attacker: Server = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(
        `<form method="post" action="${service.api}/api/breaches/${encodeURIComponent(loneId)}/resolve"></form><script>document.forms[0].submit()</script>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(attackerPort, '127.0.0.1', resolve));
    try {
      const page = await responder.context.newPage();
      const refused = page.waitForResponse((r) => r.url().includes('/resolve'));
      await page.goto(`http://127.0.0.1:${attackerPort}/`);
      const answer = await refused;
      expect(answer.status()).toBe(403);
      expect(await answer.text()).toContain('cross-site request refused');
      await page.close();
    } finally {
      attacker.close();
    }
    const after = await service.call('GET', `/api/breaches/${encodeURIComponent(loneId)}`, TOKENS.viewer);
    expect(after.body['state']).toBe('acknowledged');
  });

  it('switches to Chinese and remembers it', async () => {
    const { page } = responder;
    await page.goto(`${service.api}/console/#/breaches`);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('link', { name: '违约' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: '事件' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.getByRole('heading', { name: '违约' }).waitFor();
    await expect.poll(() => page.locator('legend').allTextContents()).toContain('严重程度');
    await shot(page, 'list-zh');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'Breaches' }).waitFor();
  });

  it('fits a 375 px phone without horizontal scroll', async () => {
    const page = await responder.context.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    for (const route of ['#/breaches?range=1h', `#/breach/${encodeURIComponent(loneId)}`, '#/overview']) {
      await page.goto(`${service.api}/console/${route}`);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
      );
      expect(overflow, route).toBeLessThanOrEqual(0);
    }
    await page.goto(`${service.api}/console/#/breaches?range=1h`);
    await page.getByText(lone).waitFor();
    await shot(page, 'phone');
    await page.close();
  });

  it('shows a viewer no action buttons and no personal data, and the API refuses a viewer action', async () => {
    const viewer = await signIn('viewer');
    const { page } = viewer;
    const answers: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/'))
        void response.text().then(
          (text) => answers.push(text),
          () => undefined,
        );
    });
    await page.goto(`${service.api}/console/#/breaches?range=1h`);
    await page.getByText(lone).waitFor();
    await page.goto(`${service.api}/console/#/breach/${encodeURIComponent(loneId)}`);
    await page.getByTestId('timeline').waitFor();
    await page.goto(`${service.api}/console/#/overview`);
    await page.getByText(`hub:HGH${run}`).first().waitFor();
    await page.goto(`${service.api}/console/#/incidents`);
    await page.getByTestId('total').waitFor();
    await page.goto(`${service.api}/console/#/breach/${encodeURIComponent(loneId)}`);
    await page.getByTestId('timeline').waitFor();

    for (const name of ['Acknowledge', 'Resolve', 'Preview', 'Create silence', 'Lift silence']) {
      expect(await page.getByRole('button', { name }).count(), name).toBe(0);
    }
    const html = await page.content();
    expect(answers.length).toBeGreaterThan(3);
    for (const text of [html, ...answers]) {
      for (const personal of PERSONAL) expect(text).not.toMatch(personal);
    }

    // The page hides the buttons; the API refuses anyway, even with the viewer's own CSRF token.
    const refused = await page.evaluate(async (breachId: string) => {
      const session = (await (await fetch('/console/session')).json()) as { csrf: string };
      const response = await fetch(`/api/breaches/${encodeURIComponent(breachId)}/resolve`, {
        method: 'POST',
        headers: { 'x-slawatch-csrf': session.csrf, 'content-type': 'application/json' },
        body: '{}',
      });
      return { status: response.status, body: await response.text() };
    }, loneId);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('needs the responder role');
    await viewer.context.close();
  });

  it('opens the console on the breach of a signed acknowledge link', async () => {
    const links = new AcknowledgeLinks(service.api, 'an-acknowledge-link-secret-of-32-characters', 3_600_000);
    const hubId = `${hubWaybills[0]}:grouped_test:breach:1`;
    const { page } = responder;
    await page.goto(links.linkFor(hubId, Date.now()));
    await page.getByTestId('timeline').waitFor();
    expect(page.url()).toContain(`#/breach/${encodeURIComponent(hubId)}`);
    expect(await page.locator('main').textContent()).toContain(hubWaybills[0]);
  });

  it('lets someone without a session acknowledge with the signed link alone', async () => {
    const links = new AcknowledgeLinks(service.api, 'an-acknowledge-link-secret-of-32-characters', 3_600_000);
    const hubId = `${hubWaybills[1]}:grouped_test:breach:1`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(links.linkFor(hubId, Date.now()));
    await page.getByLabel('API token').waitFor();
    await page.getByRole('button', { name: 'Acknowledge with this link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Acknowledged');
    const after = await service.call('GET', `/api/breaches/${encodeURIComponent(hubId)}`, TOKENS.viewer);
    expect(after.body['state']).toBe('acknowledged');
    expect(after.body['acknowledgedBy']).toBe('acknowledge-link');
    await context.close();
  });

  it('signs out: the cookie no longer opens the API', async () => {
    const { page, context } = responder;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API token').waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/breaches')).status);
    expect(status).toBe(401);
    await context.close();
  });
});
