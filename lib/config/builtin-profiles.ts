import type { ProviderProfileInput } from './profile-schema';

/**
 * The profiles every installation has. The Simulator ones need no key; the others use the
 * standard environment variables. More profiles come from `switchboard.profiles.json`.
 */
export const BUILTIN_PROFILES: ProviderProfileInput[] = [
  {
    name: 'simulator-chat',
    label: 'Simulator · OpenAI Chat',
    provider: 'simulator',
    runtime: 'openai-chat',
    model: 'sim-gpt',
    stream: true,
  },
  {
    name: 'simulator-responses',
    label: 'Simulator · OpenAI Responses (reasoning)',
    provider: 'simulator',
    runtime: 'openai-responses',
    model: 'sim-o-reasoner',
    stream: true,
    reasoning: { effort: 'medium', summary: 'auto' },
  },
  {
    name: 'simulator-anthropic',
    label: 'Simulator · Anthropic Messages (thinking, cache)',
    provider: 'simulator',
    runtime: 'anthropic-messages',
    model: 'sim-claude',
    stream: true,
    maxOutputTokens: 4096,
    reasoning: { budgetTokens: 1024 },
    cache: { policy: 'system+tools', ttl: '5m' },
  },
  {
    name: 'simulator-openrouter',
    label: 'Simulator · OpenRouter',
    provider: 'simulator',
    runtime: 'openrouter',
    model: 'anthropic/sim-claude',
    stream: true,
    reasoning: { budgetTokens: 1024 },
  },
  {
    name: 'openai-gpt-4.1',
    label: 'OpenAI · gpt-4.1 (Chat)',
    provider: 'openai',
    runtime: 'openai-chat',
    model: 'gpt-4.1',
    apiKeyEnv: 'OPENAI_API_KEY',
  },
  {
    name: 'openai-gpt-5-responses',
    label: 'OpenAI · gpt-5 (Responses, reasoning)',
    provider: 'openai',
    runtime: 'openai-responses',
    model: 'gpt-5',
    apiKeyEnv: 'OPENAI_API_KEY',
    reasoning: { effort: 'medium', summary: 'auto' },
  },
  {
    name: 'anthropic-claude-sonnet',
    label: 'Anthropic · Claude Sonnet 4.5',
    provider: 'anthropic',
    runtime: 'anthropic-messages',
    model: 'claude-sonnet-4-5',
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    maxOutputTokens: 8192,
    cache: { policy: 'system+tools', ttl: '5m' },
  },
  {
    name: 'openrouter-claude-sonnet',
    label: 'OpenRouter · anthropic/claude-sonnet-4.5',
    provider: 'openrouter',
    runtime: 'openrouter',
    model: 'anthropic/claude-sonnet-4.5',
    apiKeyEnv: 'OPENROUTER_API_KEY',
  },
  {
    // Grok 4 reasons on its own and refuses reasoning effort and stop sequences: the lint says so
    // and the runtime does not send them.
    name: 'openrouter-grok-4',
    label: 'OpenRouter · x-ai/grok-4',
    provider: 'openrouter',
    runtime: 'openrouter',
    model: 'x-ai/grok-4',
    apiKeyEnv: 'OPENROUTER_API_KEY',
    reasoning: { effort: 'high' },
  },
];
