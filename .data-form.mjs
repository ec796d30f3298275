import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const width of [1440, 390]) {
  const page = await browser.newPage({ viewport: { width, height: 700 } });
  await page.goto('http://127.0.0.1:3650/runs/new?several=1');
  await page.getByRole('checkbox', { name: 'Simulator · OpenAI Chat' }).check();
  await page.getByRole('textbox', { name: 'Task' }).fill('Say hello.');
  await page.getByRole('button', { name: 'Start comparison' }).click();
  await page.waitForTimeout(500);
  console.log(width, await page.evaluate(() => document.documentElement.scrollWidth));
  await page.locator('main section').first().screenshot({ path: `/tmp/cmpui-shots/form-${width}.png` });
  await page.close();
}
await browser.close();
