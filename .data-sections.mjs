import { chromium } from '@playwright/test';
const [url, tag, width] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
await page.goto(url);
await page.waitForTimeout(1200);
let i = 0;
for (const section of await page.locator('main > *').all()) await section.screenshot({ path: `/tmp/cmpui-shots/${tag}-s${i++}.png` });
await browser.close();
