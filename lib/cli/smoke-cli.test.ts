// Integration: `npm run smoke` as a child process against the test database and the in-process simulator.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '@/lib/store/database';
import { cliEnv, npmRun } from './cli-process';
import { SMOKE_TOOLS_TASK } from './smoke-plan';

let db: Database;
beforeAll(() => {
  db = createDatabase(inject('databaseUrl'));
});
afterAll(() => db?.$disconnect());

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The report's screens by profile name. */
function screens(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const screen of stdout.split(/^(?=── )/m)) {
    const name = /^── (\S+) ·/.exec(screen)?.[1];
    if (name) out.set(name, screen);
  }
  return out;
}

/** What each wire format reports: OpenAI's two APIs report no cache writes, Anthropic no reasoning tokens. */
const RUNTIMES = [
  { profile: 'simulator-chat', runtime: 'openai-chat', model: 'sim-gpt', reasoning: '\\d+', cacheWrite: 'not reported' },
  { profile: 'simulator-responses', runtime: 'openai-responses', model: 'sim-o-reasoner', reasoning: '\\d+', cacheWrite: 'not reported' },
  { profile: 'simulator-anthropic', runtime: 'anthropic-messages', model: 'sim-claude', reasoning: 'not reported', cacheWrite: '\\d+' },
  { profile: 'simulator-openrouter', runtime: 'openrouter', model: 'anthropic/sim-claude', reasoning: '\\d+', cacheWrite: '\\d+' },
];

describe('npm run smoke', () => {
  it('--simulator --stream --tools: one screen per runtime, each call recorded as a run with its turns, calls and events', async () => {
    const result = await npmRun('smoke', ['--simulator', '--stream', '--tools'], cliEnv(inject('databaseUrl'))).done;
    expect(result.stderr).toContain('[smoke] 4 succeeded, 0 failed, 0 skipped');
    expect(result.code).toBe(0);
    const byProfile = screens(result.stdout);
    expect([...byProfile.keys()]).toEqual(RUNTIMES.map((entry) => entry.profile));
    for (const { profile, runtime, model, reasoning, cacheWrite } of RUNTIMES) {
      const screen = byProfile.get(profile)!;
      expect(screen, profile).toContain('  result      succeeded in ');
      expect(screen, profile).toContain(`  runtime     ${runtime} (simulator)`);
      expect(screen, profile).toContain(`  model       requested ${model} · served ${model}`);
      expect(screen, profile).toContain('  streaming   streamed\n');
      expect(screen, profile).toMatch(new RegExp(` {2}tokens {6}input [1-9][\\d,]* · output [1-9][\\d,]* · reasoning ${reasoning}\n`));
      expect(screen, profile).toMatch(new RegExp(` {2}cache {7}read \\d+ · write ${cacheWrite}\n`));
      // A duration reads in ms below a second and in s from there (a loaded machine has turns of over a second).
      const duration = String.raw`(?:\d+ ms|\d+(?:\.\d+)? s)`;
      expect(screen, profile).toMatch(new RegExp(` {2}latency {5}turn 1: ${duration} · turn 2: ${duration}\n`));
      expect(screen, profile).toMatch(new RegExp(` {2}TTFT {8}turn 1: ${duration} · turn 2: ${duration}\n`));
      expect(screen, profile).toContain('  retries     turn 1: 0 · turn 2: 0');
      expect(screen, profile).toMatch(/ {2}request id {2}turn 1: \S+ · turn 2: \S+/);
      expect(screen, profile).toContain('  tool calls  list_files {} → ok');
      expect(screen, profile).toContain('  answer      Tool list_files returned:');
      expect(screen, profile).not.toContain('  error ');
      // Reasoning models refuse temperature: the lint decides, the report says which.
      expect(screen, profile).toContain(
        runtime === 'openai-chat' || runtime === 'openai-responses' ? 'temperature 0 ·' : 'temperature not sent',
      );

      const runId = new RegExp(`  run {9}(${UUID.source})`).exec(screen)?.[1];
      expect(runId, profile).toBeDefined();
      const run = await db.run.findUniqueOrThrow({
        where: { id: runId! },
        include: { turns: true, providerCalls: true, toolCalls: true, events: { orderBy: { seq: 'asc' } } },
      });
      expect(run).toMatchObject({ status: 'succeeded', profileName: profile, runtime, model, task: SMOKE_TOOLS_TASK, turnCount: 2 });
      expect(run.profile).toMatchObject({ stream: true, maxOutputTokens: expect.any(Number) });
      expect((run.profile as { maxOutputTokens: number }).maxOutputTokens).toBeLessThanOrEqual(256 + 1024);
      expect(run.workerId).toMatch(/^smoke:/);
      expect(run.turns.map((turn) => turn.status).sort()).toEqual(['succeeded', 'succeeded']);
      expect(run.providerCalls.every((call) => call.status === 'ok' && call.streamActual)).toBe(true);
      expect(run.toolCalls.map((call) => call.name)).toEqual(['list_files']);
      expect(run.events.map((event) => event.seq)).toEqual(run.events.map((_, index) => index));
      expect(run.events.at(-1)).toMatchObject({ type: 'status', payload: { status: 'succeeded' } });
      // What the report says is what was recorded.
      const requestIds = run.providerCalls.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()).map((call) => call.requestId);
      expect(screen).toContain(`  request id  turn 1: ${requestIds[0]} · turn 2: ${requestIds[1]}`);
    }
  }, 120_000);

  it('without keys, the real profiles are skipped (exit 0) and no database is needed', async () => {
    const env = cliEnv('postgresql://nobody@127.0.0.1:1/none');
    const result = await npmRun('smoke', ['--all'], env).done;
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter((line) => line.includes('skipped:'));
    expect(lines.map((line) => line.trim())).toEqual([
      'result      skipped: no key for openai (OPENAI_API_KEY is not set)',
      'result      skipped: no key for openai (OPENAI_API_KEY is not set)',
      'result      skipped: no key for anthropic (ANTHROPIC_API_KEY is not set)',
      'result      skipped: no key for openrouter (OPENROUTER_API_KEY is not set)',
      'result      skipped: no key for openrouter (OPENROUTER_API_KEY is not set)',
    ]);
    expect(result.stderr).toContain('0 succeeded, 0 failed, 5 skipped');
  }, 60_000);

  it('a database that is not there: one line that says so, exit 1, no stack', async () => {
    const missing = new URL(inject('databaseServerUrl'));
    missing.pathname = `/switchboard_smoke_missing_${Date.now().toString(36)}`;
    const result = await npmRun('smoke', ['--profile', 'simulator-chat'], cliEnv(missing.toString())).done;
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^\[smoke\] .*does not exist/);
    expect(result.stderr).not.toMatch(/\n\s+at |invocation|\.ts:\d+/);
  });

  it('an unknown profile is bad usage (exit 2) and the message lists the valid names', async () => {
    const result = await npmRun('smoke', ['--profile', 'gpt-9000'], cliEnv(inject('databaseUrl'))).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /Unknown profile: "gpt-9000"\. Profiles: simulator-chat, simulator-responses, .*openai-gpt-4\.1.*openrouter-grok-4/,
    );
    expect(result.stdout).toBe('');
  }, 60_000);

  it('a failed call exits 1 and reports kind, status and hint, not the provider’s message', async () => {
    const result = await npmRun('smoke', ['--profile', 'simulator-chat', '--scenario', 'auth'], cliEnv(inject('databaseUrl'))).done;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  result      failed');
    expect(result.stdout).toMatch(/ {2}error {7}auth · HTTP 401 · The API key was refused\./);
    expect(result.stdout).not.toContain('Incorrect API key');
    const runId = new RegExp(`  run {9}(${UUID.source})`).exec(result.stdout)?.[1];
    const artifacts = await db.errorArtifact.findMany({ where: { runId: runId! } });
    expect(artifacts.map((artifact) => [artifact.kind, artifact.httpStatus])).toEqual([['auth', 401]]);
  }, 60_000);

  it('a refused stream is reported as a fallback to non-streaming, with the reason', async () => {
    const result = await npmRun(
      'smoke',
      ['--profile', 'simulator-responses', '--stream', '--scenario', 'stream_unsupported', '--json'],
      cliEnv(inject('databaseUrl')),
    ).done;
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim()) as {
      ok: boolean;
      streaming: { requested: boolean; path: string };
      turns: { delivery: string }[];
    };
    expect(summary.ok).toBe(true);
    expect(summary.streaming.requested).toBe(true);
    expect(summary.streaming.path).toMatch(/^fell back to non-streaming \(turn 1\): .*verified to stream/);
    expect(summary.turns.map((turn) => turn.delivery)).toEqual(['fallback']);
  }, 60_000);
});
