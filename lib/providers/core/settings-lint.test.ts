import { describe, expect, it } from 'vitest';
import type { ProviderRuntime } from './runtime';
import { ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId, lintSettings, type SettingsRule } from './settings-lint';
import type { ProviderRequest } from './types';

const request = (extra: Partial<ProviderRequest> = {}): ProviderRequest => ({ model: 'some-model', messages: [], stream: true, ...extra });

function runtimeWith(settingsRules: SettingsRule[], unsupported: string[] = []): ProviderRuntime {
  return {
    id: 'openai-chat',
    settingsRules,
    unsupportedSettings: () => unsupported,
    attempt: () => {
      throw new Error('not called');
    },
  };
}

describe('lintSettings', () => {
  it("runs the runtime's rules in order with its id, then reports each unsupported setting", () => {
    const seen: string[] = [];
    const first: SettingsRule = (_request, runtime) => {
      seen.push(runtime);
      return [{ severity: 'error', setting: 'a', message: 'first' }];
    };
    const second: SettingsRule = () => [{ severity: 'info', setting: 'b', message: 'second' }];
    expect(lintSettings(runtimeWith([first, second], ['topP']), request())).toEqual([
      { severity: 'error', setting: 'a', message: 'first' },
      { severity: 'info', setting: 'b', message: 'second' },
      { severity: 'warning', setting: 'topP', message: 'some-model on openai-chat does not accept topP: it is reported and not sent.' },
    ]);
    expect(seen).toEqual(['openai-chat']);
  });

  it('finds nothing in settings every runtime accepts', () => {
    expect(
      lintSettings(runtimeWith([ignoresCachePolicy, ignoresCacheTtl, ignoresPreviousResponseId]), request({ temperature: 0.5 })),
    ).toEqual([]);
  });
});

describe('rules for settings only some runtimes honour', () => {
  it('a cache policy other than off is ignored where caching is automatic', () => {
    expect(ignoresCachePolicy(request({ cache: { policy: 'off' } }), 'openrouter')).toEqual([]);
    expect(ignoresCachePolicy(request({ cache: { policy: 'system+tools' } }), 'openrouter')).toEqual([
      {
        severity: 'info',
        setting: 'cache',
        message: 'openrouter caches long prompts automatically; the cache policy only places Anthropic breakpoints and is ignored here.',
      },
    ]);
  });

  it('a cache TTL is ignored outside Anthropic, even with the policy off', () => {
    expect(ignoresCacheTtl(request({ cache: { policy: 'off', ttl: '1h' } }), 'openai-chat')).toEqual([
      { severity: 'warning', setting: 'cache.ttl', message: 'Cache TTLs (5m / 1h) exist only for Anthropic prompt caching.' },
    ]);
    expect(ignoresCacheTtl(request({ cache: { policy: 'system' } }), 'openai-chat')).toEqual([]);
  });

  it('previous_response_id threading is ignored outside the Responses API', () => {
    expect(ignoresPreviousResponseId(request({ threading: 'stateless' }), 'anthropic-messages')).toEqual([]);
    expect(ignoresPreviousResponseId(request({ threading: 'previous-response-id' }), 'anthropic-messages')).toEqual([
      { severity: 'warning', setting: 'threading', message: 'previous_response_id threading exists only in the OpenAI Responses API.' },
    ]);
  });
});
