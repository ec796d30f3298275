import { chromium } from '@playwright/test';
const [base, id, tag] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const width of [1440, 390]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const [name, path] of [['list', '/compare'], ['detail', `/compare/${id}`]]) {
    await page.goto(base + path);
    await page.waitForTimeout(1500);
    const scroll = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    console.log(width, name, 'scrollWidth/clientWidth', scroll);
    await page.screenshot({ path: `/tmp/cmpui-shots/${tag}-${name}-${width}.png`, fullPage: true });
  }
  await page.close();
}
await browser.close();
