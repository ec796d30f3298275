/** The environment variables that hold each real provider's API key. */
export const PROVIDER_CREDENTIALS = [
  { provider: 'openai', label: 'OpenAI', envVar: 'OPENAI_API_KEY' },
  { provider: 'openrouter', label: 'OpenRouter', envVar: 'OPENROUTER_API_KEY' },
  { provider: 'anthropic', label: 'Anthropic', envVar: 'ANTHROPIC_API_KEY' },
] as const;

export type CredentialPresence = {
  provider: (typeof PROVIDER_CREDENTIALS)[number]['provider'];
  label: string;
  envVar: string;
  present: boolean;
};

/** Which credentials are configured: names only, never values. */
export function credentialPresence(env: Record<string, string | undefined> = process.env): CredentialPresence[] {
  return PROVIDER_CREDENTIALS.map(({ provider, label, envVar }) => ({
    provider,
    label,
    envVar,
    present: typeof env[envVar] === 'string' && env[envVar]!.trim().length > 0,
  }));
}
