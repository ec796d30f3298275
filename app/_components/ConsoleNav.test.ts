// The sign-in page shows the brand only: no links into the console, no Sign out.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';

const location = vi.hoisted(() => ({ pathname: '/' }));
vi.mock('next/navigation', () => ({ usePathname: () => location.pathname }));

const { ConsoleNav } = await import('./ConsoleNav');

function render(pathname: string): string {
  location.pathname = pathname;
  const signOut = createElement('button', { type: 'submit' }, 'Sign out');
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: new QueryClient() }, createElement(ConsoleNav, null, signOut)));
}

describe('ConsoleNav', () => {
  it('on /login: the brand, not a link, and nothing else', () => {
    const html = render('/login');
    expect(html).toContain('Switchboard');
    expect(html).not.toContain('<a');
    expect(html).not.toContain('Sign out');
  });

  it('elsewhere: the links, the current page marked, and what the layout adds (Sign out)', () => {
    const html = render('/runs/new');
    for (const href of ['/runs', '/runs/new', '/compare', '/telemetry', '/providers', '/alerts']) expect(html).toContain(`href="${href}"`);
    expect(html).toMatch(/<a aria-current="page" href="\/runs\/new">New run<\/a>/);
    expect(html).toContain('Sign out');
  });

  it('a comparison page marks Compare', () => {
    expect(render('/compare/0199d2c4-7a1e-7b3c-9f00-1234567890ab')).toMatch(/<a aria-current="page" href="\/compare">Compare<\/a>/);
  });
});
