// Test support: the two settings checks every runtime's settings test makes, each on that runtime's own cases.
import { describe, expect, it } from 'vitest';
import type { ProviderRuntime } from '../core/runtime';
import { lintSettings } from '../core/settings-lint';
import type { ProviderRequest } from '../core/types';

type RequestFor = (extra?: Partial<ProviderRequest>) => ProviderRequest;

/** [model, settings, what the runtime reports it cannot send]. */
export type UnsupportedSettingsCase = [model: string, settings: Partial<ProviderRequest>, unsupported: string[]];

/** One test a case: `unsupportedSettings` reports exactly the expected settings for the model. */
export function describeUnsupportedSettings(
  title: string,
  unsupportedSettings: (request: ProviderRequest) => string[],
  request: RequestFor,
  cases: UnsupportedSettingsCase[],
): void {
  describe(title, () => {
    it.each(cases)('%s with %j: %j', (model, settings, unsupported) => {
      expect(unsupportedSettings(request({ model, ...settings }))).toEqual(unsupported);
    });
  });
}

/** The runtime's rules name the settings of other providers it ignores (`ignored`), and say nothing of neutral ones. */
export function describeForeignSettings(title: string, runtime: ProviderRuntime, request: RequestFor, ignored: string[]): void {
  describe(title, () => {
    it('says which Anthropic-only and Responses-only settings it ignores, nothing about the rest', () => {
      const findings = lintSettings(runtime, request({ cache: { policy: 'system', ttl: '1h' }, threading: 'previous-response-id' }));
      expect(findings.map((finding) => finding.setting)).toEqual(ignored);
      expect(lintSettings(runtime, request({ cache: { policy: 'off' }, threading: 'stateless' }))).toEqual([]);
    });
  });
}
