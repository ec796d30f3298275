import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { configuredPassword } from '@/lib/auth/password';
import { ConsoleNav } from './_components/ConsoleNav';
import { signOut } from './login/actions';
import { QueryProvider } from './_components/QueryProvider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Switchboard', template: '%s · Switchboard' },
  description: 'Run LLM agent turns across providers and see what really happened.',
  icons: {
    icon: [
      { url: '/icon.svg', type: 'image/svg+xml' },
      { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
    ],
  },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <QueryProvider>
          <header className="console-header">
            <ConsoleNav>
              {configuredPassword() ? (
                <form action={signOut}>
                  <button type="submit">Sign out</button>
                </form>
              ) : null}
            </ConsoleNav>
          </header>
          <main id="main" className="console-main">
            {children}
          </main>
        </QueryProvider>
      </body>
    </html>
  );
}
