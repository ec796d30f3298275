import type { Metadata } from 'next';
import Link from 'next/link';
import { credentialPresence } from '@/lib/config/credentials';
import { lintProfile } from '@/lib/config/lint-profile';
import { loadProfiles, PROFILES_FILE } from '@/lib/config/profiles';
import { resolveRuntimeConfig } from '@/lib/config/runtime-config';
import styles from './providers.module.css';
import { CONSOLE_PAGES } from '@/app/_components/console-pages';

export const metadata: Metadata = { title: CONSOLE_PAGES['/providers'] };
export const dynamic = 'force-dynamic';

/** The indicator tone (app/globals.css) of a lint finding's severity. */
const SEVERITY_TONE = { error: 'bad', warning: 'warn', info: 'accent' } as const;

function settingsOf(profile: ReturnType<typeof loadProfiles>['profiles'][number]): string[] {
  const out = [profile.stream ? 'stream' : 'no stream'];
  if (profile.temperature !== undefined) out.push(`temperature ${profile.temperature}`);
  if (profile.maxOutputTokens) out.push(`max ${profile.maxOutputTokens} tokens`);
  if (profile.reasoning?.effort) out.push(`effort ${profile.reasoning.effort}`);
  if (profile.reasoning?.summary) out.push(`summary ${profile.reasoning.summary}`);
  if (profile.reasoning?.budgetTokens) out.push(`thinking ${profile.reasoning.budgetTokens}`);
  if (profile.cache) out.push(`cache ${profile.cache.policy}${profile.cache.ttl ? ` (${profile.cache.ttl})` : ''}`);
  if (profile.runtime === 'openai-responses') out.push(`threading ${profile.threading}`);
  if (profile.simulatorScenario) out.push(`scenario "${profile.simulatorScenario}"`);
  return out;
}

export default function ProvidersPage() {
  const { profiles, errors } = loadProfiles();
  const credentials = credentialPresence();
  return (
    <>
      <div className="page-heading">
        <h1>Providers</h1>
        <p className="muted">
          Provider profiles, whether their credentials are set on the server (names only, never values), and what each provider would refuse
          or ignore. Add profiles in <code>{PROFILES_FILE}</code> at the root of the checkout (a JSON array).
        </p>
      </div>

      <section className="panel" aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">Credentials</h2>
        <ul className={styles.credentials}>
          {credentials.map((credential) => (
            <li key={credential.envVar}>
              <span className={credential.present ? 'indicator ok' : 'indicator neutral'}>{credential.present ? 'set' : 'not set'}</span>{' '}
              {credential.label} <code>{credential.envVar}</code>
            </li>
          ))}
          <li>
            <span className="indicator ok">built in</span> Simulator <span className="muted">— no key; runs in the worker process</span>
          </li>
        </ul>
      </section>

      {errors.length ? (
        <section className="panel" aria-labelledby="profile-errors-heading">
          <h2 id="profile-errors-heading" className="error-text">
            Invalid profiles (not used)
          </h2>
          <ul>
            {errors.map((error, index) => (
              <li key={index}>
                <code>{error.source}</code> {error.path ? <code>{error.path}</code> : null} {error.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="profiles-heading">
        <h2 id="profiles-heading">Profiles</h2>
        <div className={styles.tableWrap}>
          <table className={`data-table ${styles.table}`}>
            <thead>
              <tr>
                <th scope="col">Profile</th>
                <th scope="col">Provider · runtime</th>
                <th scope="col">Model</th>
                <th scope="col">Settings</th>
                <th scope="col">Credential</th>
                <th scope="col">Lint</th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((profile) => {
                const resolved = profile.provider === 'simulator' ? { ok: true as const } : resolveRuntimeConfig(profile, process.env);
                const findings = lintProfile(profile);
                return (
                  <tr key={profile.name} id={`profile-${profile.name}`}>
                    <td>
                      <strong>{profile.label}</strong>
                      <div className="muted">
                        <code>{profile.name}</code>
                      </div>
                    </td>
                    <td>
                      {profile.provider} · <code>{profile.runtime}</code>
                    </td>
                    <td>
                      <code>{profile.model}</code>
                    </td>
                    <td className={styles.settings}>{settingsOf(profile).join(' · ')}</td>
                    <td>
                      {profile.provider === 'simulator' ? (
                        <span className="indicator ok">none needed</span>
                      ) : resolved.ok ? (
                        <span className="indicator ok">
                          <code>{profile.apiKeyEnv}</code> set
                        </span>
                      ) : (
                        <span className="indicator neutral">{resolved.reason}</span>
                      )}
                    </td>
                    <td>
                      {findings.length ? (
                        <ul className={styles.findings}>
                          {findings.map((finding) => (
                            <li key={`${finding.setting}:${finding.message}`}>
                              <span className={`indicator ${SEVERITY_TONE[finding.severity]}`}>{finding.severity}</span>{' '}
                              <code>{finding.setting}</code> — {finding.message}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">no findings</span>
                      )}
                      {resolved.ok ? (
                        <div>
                          <Link href={`/runs/new?profile=${encodeURIComponent(profile.name)}`}>Start a run with it</Link>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
