/**
 * The console's pages in the main navigation, in its order: each page's path and its title, which
 * is both the words of its link (ConsoleNav) and its document title (its page's metadata).
 */
export const CONSOLE_PAGES = {
  '/runs': 'Runs',
  '/runs/new': 'New run',
  '/compare': 'Compare',
  '/telemetry': 'Telemetry',
  '/providers': 'Providers',
  '/alerts': 'Alerts',
} as const;
