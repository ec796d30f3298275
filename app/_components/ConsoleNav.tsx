'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { AlertBadge } from './AlertBadge';
import { CONSOLE_PAGES } from './console-pages';

function isActive(pathname: string, href: string): boolean {
  if (href === '/runs') return pathname === '/runs' || (pathname.startsWith('/runs/') && !pathname.startsWith('/runs/new'));
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** Pages shown before sign-in: the brand only (no links that lead back here, no Sign out). */
const SIGNED_OUT_PAGES = new Set(['/login']);

export function ConsoleNav({ children }: { children?: ReactNode }) {
  const pathname = usePathname() ?? '/';
  if (SIGNED_OUT_PAGES.has(pathname)) {
    return (
      <nav aria-label="Main" className="console-nav">
        <span className="brand">
          <span aria-hidden="true" className="brand-mark">
            ⌁
          </span>{' '}
          Switchboard
        </span>
      </nav>
    );
  }
  return (
    <nav aria-label="Main" className="console-nav">
      <Link href="/" className="brand" aria-current={pathname === '/' ? 'page' : undefined}>
        <span aria-hidden="true" className="brand-mark">
          ⌁
        </span>{' '}
        Switchboard
      </Link>
      <ul>
        {Object.entries(CONSOLE_PAGES).map(([href, label]) => (
          <li key={href}>
            <Link href={href} aria-current={isActive(pathname, href) ? 'page' : undefined}>
              {label}
              {href === '/alerts' ? <AlertBadge /> : null}
            </Link>
          </li>
        ))}
      </ul>
      <span className="nav-spacer" />
      {children}
    </nav>
  );
}
