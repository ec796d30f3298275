import { describe, expect, it } from 'vitest';
import { encodeSavedForm, restoreSavedForm, type FormChoices, type SavedRunForm } from './saved-form';

const choices: FormChoices = {
  profiles: [
    { name: 'simulator-chat', model: 'sim-gpt', stream: true, usable: true },
    { name: 'simulator-anthropic', model: 'sim-claude', stream: true, usable: true },
    { name: 'simulator-responses', model: 'sim-gpt-reasoning', stream: false, usable: true },
    { name: 'openai-gpt-4.1', model: 'gpt-4.1', stream: true, usable: false },
  ],
  tools: ['list_files', 'read_file', 'write_file', 'search_text', 'run_command'],
  workspaceTemplates: ['sample-project'],
};

const form: SavedRunForm = {
  profileName: 'simulator-anthropic',
  several: false,
  compared: [],
  memberScenarios: {},
  text: {
    model: 'sim-claude-custom',
    temperature: '0.3',
    maxOutputTokens: '',
    effort: '',
    budgetTokens: '2048',
    cachePolicy: 'system',
    cacheTtl: '',
    maxTurns: '3',
    workspaceTemplate: 'sample-project',
    simulatorScenario: 'stream_unsupported',
    systemPrompt: 'You are terse.',
    task: 'Say hello in English.',
  },
  stream: false,
  tools: ['list_files', 'read_file'],
  fallbacks: ['simulator-chat'],
};

describe('the New run form kept per browser', () => {
  it('comes back as it was sent', () => {
    expect(restoreSavedForm(encodeSavedForm(form), choices)).toEqual(form);
  });

  it('keeps no idempotency key (each start is a new run) and nothing the form does not show', () => {
    const text = encodeSavedForm({ ...form, idempotencyKey: 'k-123', apiKey: 'sk-x' } as SavedRunForm);
    expect(text).not.toContain('k-123');
    expect(text).not.toContain('sk-x');
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(
      ['compared', 'fallbacks', 'memberScenarios', 'profileName', 'several', 'stream', 'text', 'tools'].sort(),
    );
  });

  it('keeps a key pasted into the task or the system prompt masked, as the server stores it', () => {
    const withKeys = {
      ...form,
      text: {
        ...form.text,
        task: 'Use sk-proj-PLANTEDe2eTASKkey0123456789abcdefXYZ please.',
        systemPrompt: 'Never say xai-PLANTEDe2ePROMPTkey0123456789abcdefghijklm.',
      },
    };
    const text = encodeSavedForm(withKeys);
    expect(text).not.toContain('PLANTED');
    expect(restoreSavedForm(text, choices)!.text).toMatchObject({ task: 'Use [REDACTED] please.', systemPrompt: 'Never say [REDACTED].' });
  });

  it('takes the profile the address asks for, with its own model, streaming and no fault scenario; the rest is kept', () => {
    const restored = restoreSavedForm(encodeSavedForm(form), choices, 'simulator-responses')!;
    expect(restored.profileName).toBe('simulator-responses');
    expect(restored.text).toMatchObject({
      model: 'sim-gpt-reasoning',
      simulatorScenario: '',
      temperature: '0.3',
      task: 'Say hello in English.',
    });
    expect(restored.stream).toBe(false);
    expect(restored.fallbacks).toEqual(['simulator-chat']);
    // A fallback is never the run's own profile.
    expect(restoreSavedForm(encodeSavedForm(form), choices, 'simulator-chat')!.fallbacks).toEqual([]);
    // A profile asked for that cannot run here is not taken.
    expect(restoreSavedForm(encodeSavedForm(form), choices, 'openai-gpt-4.1')!.profileName).toBe('simulator-anthropic');
  });

  it('drops what no longer fits: an unusable profile, unknown tools and templates, unusable fallbacks and compared profiles', () => {
    const old = encodeSavedForm({
      ...form,
      profileName: 'openai-gpt-4.1',
      several: true,
      compared: ['simulator-chat', 'gone-profile', 'openai-gpt-4.1', 'simulator-anthropic'],
      memberScenarios: { 'simulator-chat': 'auth', 'gone-profile': 'auth' },
      text: { ...form.text, workspaceTemplate: 'deleted-template' },
      tools: ['list_files', 'teleport'],
      fallbacks: ['gone-profile', 'simulator-responses'],
    });
    const restored = restoreSavedForm(old, choices)!;
    expect(restored.profileName).toBe('simulator-chat');
    expect(restored.text.model).toBe('sim-gpt');
    expect(restored.compared).toEqual(['simulator-chat', 'simulator-anthropic']);
    expect(restored.memberScenarios).toEqual({ 'simulator-chat': 'auth' });
    expect(restored.text.workspaceTemplate).toBe('');
    expect(restored.tools).toEqual(['list_files']);
    expect(restored.fallbacks).toEqual(['simulator-responses']);
  });

  it('is nothing when nothing readable is kept', () => {
    expect(restoreSavedForm(null, choices)).toBeNull();
    expect(restoreSavedForm('not json', choices)).toBeNull();
    expect(restoreSavedForm(JSON.stringify({ profileName: 'simulator-chat' }), choices)).toBeNull();
    expect(restoreSavedForm(encodeSavedForm(form), { ...choices, profiles: [] })).toBeNull();
  });
});
