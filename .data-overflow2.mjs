import { chromium } from '@playwright/test';
const [url, several] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
await page.goto(url);
await page.waitForTimeout(800);
console.log(await page.evaluate(() => {
  const out = [document.documentElement.scrollWidth];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > 391) out.push(`${el.tagName}#${el.id}.${el.className} right=${Math.round(r.right)}`);
  }
  return out.slice(0, 12).join('\n');
}));
await browser.close();
