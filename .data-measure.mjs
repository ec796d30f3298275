import { chromium } from '@playwright/test';
const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
for (const path of paths) {
  await page.goto(base + path);
  await page.waitForTimeout(500);
  const r = await page.evaluate(() => [document.documentElement.scrollWidth, document.querySelector('.console-nav')?.scrollWidth, document.querySelector('.console-main')?.scrollWidth]);
  console.log(path, r);
}
await browser.close();
