import type { Metadata } from 'next';
import Link from 'next/link';
import { safeNextPath } from '@/lib/auth/next-path';
import { configuredPassword } from '@/lib/auth/password';
import { LoginForm } from './LoginForm';

export const metadata: Metadata = { title: 'Sign in' };
// Whether a password is set is read when the page is asked for (the server's environment), not at build time.
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNextPath((await searchParams).next);
  if (!configuredPassword()) return <NoPasswordNotice next={next} />;
  return <LoginForm next={next} />;
}

/** Without SWITCHBOARD_PASSWORD nobody signs in: the console serves this machine only (lib/auth/gate.ts). */
function NoPasswordNotice({ next }: { next: string }) {
  return (
    <section className="panel login-form" aria-labelledby="no-password-heading">
      <h1 id="no-password-heading">No sign-in needed</h1>
      <p>
        No password is configured, so this Switchboard asks nobody to sign in: it serves requests from this machine only. To use it from
        elsewhere, set <code>SWITCHBOARD_PASSWORD</code> on the server and restart it.
      </p>
      <p>
        <Link href={next}>Open the console</Link>
      </p>
    </section>
  );
}
