import { test, expect } from '@playwright/test';

// Not the CSP fixture: this journey breaks the policy on purpose.
// The server's Content-Security-Policy is in force: script the page did not
// come with does not run. (The fixture fails every other journey on a
// violation; this one checks the policy is there to be violated.)
test('the app runs under a strict Content-Security-Policy', async ({ page, request }) => {
  const res = await request.get('/');
  const csp = res.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  const api = await request.get('/api/health');
  expect(api.headers()['cache-control']).toBe('no-store');

  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Tạo Ngày hội' })).toBeVisible();
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.head.appendChild(s);
    return (window as unknown as { injected?: boolean }).injected === true;
  });
  expect(ran, 'an injected inline script is refused').toBe(false);
});
