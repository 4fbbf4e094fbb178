import { test, expect } from './fixtures';
import { createEvent } from './helpers';

// Long unbroken words, as officers do type them: an e-mail address, a link.
const EMAIL = 'vanphong.ubnd.xatanlap.huyenvanquan.langson@langson.gov.vn';
const LINK = 'https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001234';

/** Each screen, and what shows once its content (with the long words) is drawn. */
const SCREENS: [string, string][] = [
  ['', 'main h2'],
  ['/chuong-trinh', 'li.step-edit'],
  ['/dieu-hanh', 'li.run-step'],
  ['/dem-nguoi', 'main h1'],
  ['/khach-moi', 'li.invitee'],
  ['/dan-van', 'main h1'],
  ['/khanh-tiet', 'main h1'],
  ['/khen-thuong', 'li.entry'],
  ['/dien-dan', 'li.entry'],
  ['/kinh-phi', 'li.entry'],
  ['/tong-ket', 'main h1'],
  ['/bao-cao', '.report-doc'],
];

test('no screen scrolls sideways at 320–412 px, even with long unbroken words in every text', async ({ page }) => {
  test.setTimeout(120_000);
  const event = await createEvent(page, `UBND xã ${EMAIL}`);
  // A long word in every list the officer types into.
  await page.goto(`${event}/chuong-trinh`);
  const performer = page.locator('li.step-edit').first().getByLabel('Người thực hiện');
  await performer.fill(EMAIL);
  await performer.press('Tab');
  await page.goto(`${event}/khach-moi`);
  await page.getByText('Nhập danh sách từ tệp CSV hoặc dán').click();
  await page.getByLabel('Chọn tệp CSV').setInputFiles({ name: 'k.csv', mimeType: 'text/csv', buffer: Buffer.from(`Họ tên,Chức vụ\nNguyễn Văn An,${EMAIL}\n${EMAIL},${LINK}\n`) });
  await page.getByRole('button', { name: 'Nhập 2 người' }).click();
  await expect(page.getByText('Đã đến 0/2 khách mời')).toBeVisible();
  await page.goto(`${event}/khen-thuong`);
  const award = page.locator('form', { hasText: 'Thêm khen thưởng' });
  await award.getByLabel('Tập thể hoặc cá nhân được khen').fill(EMAIL);
  await award.getByLabel('Số quyết định').fill(LINK);
  await award.getByRole('button', { name: 'Thêm vào danh sách' }).click();
  await page.goto(`${event}/dien-dan`);
  const opinion = page.locator('form', { hasText: 'Ghi ý kiến' });
  await opinion.getByLabel('Người nêu ý kiến (có thể để trống)').fill(EMAIL);
  await opinion.getByLabel('Nội dung ý kiến').fill(LINK);
  await opinion.getByRole('button', { name: 'Lưu ý kiến' }).click();
  await page.goto(`${event}/kinh-phi`);
  const budget = page.locator('form', { hasText: 'Thêm khoản chi' });
  await budget.getByLabel('Nội dung chi').fill(LINK);
  await budget.getByLabel('Dự kiến (đồng)').fill('5.000.000');
  await budget.getByRole('button', { name: 'Thêm khoản chi' }).click();
  await expect(page.locator('li.entry')).toHaveCount(1);
  await page.goto(`${event}/bao-cao`);
  await page.getByLabel('Đánh giá chung').fill(LINK + ' ' + EMAIL);
  await page.getByLabel('Nơi nhận').fill(`- ${EMAIL}`);
  await page.getByLabel('Nơi nhận').blur();
  await expect(page.locator('.report-doc')).toContainText(EMAIL);

  for (const width of [320, 360, 393, 412]) {
    await page.setViewportSize({ width, height: 800 });
    const all: [string, string][] = [...SCREENS.map(([s, shown]): [string, string] => [event + s, shown]), ['/', 'main h1'], ['/cai-dat', 'main h1'], ['/tham-gia', 'main h1'], ['/don-vi', 'main h2'], ['/tong-hop', 'main h1'], ['/phong-trao', 'main h1'], ['/giai-doan', 'main h1'], ['/bao-cao-giai-doan', 'main h1']];
    for (const [screen, shown] of all) {
      await page.goto(screen);
      await expect(page.locator(shown).first()).toBeVisible();
      await expect(page.locator('.loading')).toHaveCount(0);
      // Against the phone's width, not innerWidth: a mobile browser widens
      // its layout viewport (zooming out) to fit content that overflows.
      const { scroll, inner, outside } = await page.evaluate((inner) => {
        // Every visible element lies within the screen: none is cut off by an
        // overflow that hides it either.
        const outside = [...document.querySelectorAll('body *')]
          .filter((el) => !el.closest('.visually-hidden, svg, .banner-preview'))
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && (r.right > inner + 0.5 || r.left < -0.5);
          })
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${(el.textContent ?? '').slice(0, 30)}`);
        return { scroll: document.documentElement.scrollWidth, inner, outside };
      }, width);
      expect(scroll, `${screen} at ${width} px`).toBeLessThanOrEqual(inner);
      expect(outside, `${screen} at ${width} px`).toEqual([]);
    }
  }
});
