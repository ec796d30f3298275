// Integration (issue 14): comparisons, forks and replays started by their commands, executed by a
// worker (pg-boss, the conductor) against the Simulator over HTTP, recorded in a Postgres database
// of this file's own (its queue too: no other test file's worker takes these runs).
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMigratedDatabase } from '../../scripts/lib/test-database.mjs';
import { workspacesRoot } from '@/lib/agent/conductor';
import { BUILTIN_PROFILES } from '@/lib/config/builtin-profiles';
import { providerProfileSchema } from '@/lib/config/profile-schema';
import { startSimulator, type SimulatorHandle } from '@/lib/simulator';
import type { Database } from '@/lib/store/database';
import { exportRunBundle } from '@/lib/store/export-bundle';
import { importRunBundle } from '@/lib/store/import-bundle';
import { startWorker, type WorkerHandle } from '@/lib/worker/worker';
import { waitForRun } from '@/test/wait-for-run';
import { getComparisonView } from './comparison-view';
import { compareWithParent, startComparison } from './comparisons';
import { forkRun } from './fork-run';
import { replayRun } from './replay-run';
import { startRun } from './start-run';

const profiles = BUILTIN_PROFILES.map((profile) => providerProfileSchema.parse(profile));
const SIMULATOR_PROFILES = ['simulator-chat', 'simulator-responses', 'simulator-anthropic', 'simulator-openrouter'];

let database: { url: string; drop: () => Promise<void> };
let simulator: SimulatorHandle;
let worker: WorkerHandle;
let db: Database;

beforeAll(async () => {
  database = await createMigratedDatabase(inject('databaseServerUrl'), 'switchboard_lineage');
  simulator = await startSimulator({ port: 0 });
  worker = await startWorker({ databaseUrl: database.url, concurrency: 4, simulatorUrl: simulator.url });
  db = worker.db;
}, 60_000);

afterAll(async () => {
  // Stopping the worker ends its database handle (its pool too) before the database is dropped.
  await worker?.stop();
  await simulator?.close();
  await database?.drop();
});

const deps = () => ({ db, boss: worker.boss, profiles });

async function run(profileName: string, task: string): Promise<string> {
  const started = await startRun({ profileName, task }, deps());
  if (!started.ok) throw new Error(JSON.stringify(started));
  expect((await waitForRun(db, started.runId)).status).toBe('succeeded');
  return started.runId;
}

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result as Extract<T, { ok: true }>;
}

const notices = async (runId: string) =>
  (await db.runEvent.findMany({ where: { runId, type: 'notice' }, orderBy: { seq: 'asc' } })).map(
    (event) => event.payload as { notice: string } & Record<string, unknown>,
  );

const messages = (runId: string) => db.message.findMany({ where: { runId }, orderBy: { position: 'asc' }, select: { content: true } });

/** The requests this file's simulator received for a run (the conductor sends the run id as the simulator session). */
const requestsOf = (runId: string) => simulator.requests.filter((request) => request.headers['x-sim-session'] === runId);

const workspace = (runId: string) => join(workspacesRoot(), runId);

describe('a comparison on the four Simulator runtimes', () => {
  it('records 4 runs under one comparison; all finish; the view aligns their turns and lists their tool calls', async () => {
    const task = 'Use write_file {"path": "cmp.txt", "content": "A"} and read_file {"path": "cmp.txt"}, then report.';
    const started = ok(
      await startComparison(
        // A fault on one member shows in its column: Chat refuses to stream, the turn comes through the fallback.
        { profileNames: SIMULATOR_PROFILES, task, overrides: { 'simulator-chat': { simulatorScenario: 'stream_unsupported' } } },
        deps(),
      ),
    );
    expect(started.runIds).toHaveLength(4);
    const members = await db.comparisonMember.findMany({ where: { comparisonId: started.comparisonId }, orderBy: { position: 'asc' } });
    expect(members.map((member) => [member.position, member.runId])).toEqual(started.runIds.map((runId, position) => [position, runId]));
    for (const runId of started.runIds) expect((await waitForRun(db, runId)).status).toBe('succeeded');

    const view = (await getComparisonView(db, started.comparisonId))!;
    expect(view.members.map((member) => [member.runId, member.profileName, member.status])).toEqual(
      started.runIds.map((runId, position) => [runId, SIMULATOR_PROFILES[position], 'succeeded']),
    );
    expect(view.members.map((member) => member.runtime)).toEqual(['openai-chat', 'openai-responses', 'anthropic-messages', 'openrouter']);
    expect(view.members.map((member) => member.faultScenario)).toEqual(['stream_unsupported', null, null, null]);
    // Each member's turns sit at their own index, in their own column.
    for (const [column, runId] of started.runIds.entries()) {
      const turns = await db.turn.findMany({ where: { runId }, orderBy: { index: 'asc' } });
      expect(turns.map((turn) => turn.index)).toEqual([0, 1]);
      for (const turn of turns) {
        const cell = view.turns.find((aligned) => aligned.index === turn.index)!.cells[column]!;
        expect(cell).toMatchObject({ kind: 'turn', status: turn.status, finishReason: turn.finishReason });
      }
    }
    expect(view.turns.map((turn) => turn.index)).toEqual([0, 1]);
    const [first, second] = view.turns;
    for (const cell of first!.cells) {
      expect(cell).toMatchObject({
        kind: 'turn',
        finishReason: 'tool_calls',
        toolCalls: [
          { name: 'write_file', arguments: { path: 'cmp.txt', content: 'A' }, isError: false, replayed: false },
          { name: 'read_file', arguments: { path: 'cmp.txt' }, isError: false, replayed: false },
        ],
      });
    }
    for (const cell of second!.cells) expect(cell).toMatchObject({ kind: 'turn', finishReason: 'stop', toolCalls: [] });
    expect(first!.cells.map((cell) => cell.kind === 'turn' && cell.delivery)).toEqual(['fallback', 'streamed', 'streamed', 'streamed']);
    for (const member of view.members) {
      expect(member.summary).toMatchObject({ turns: 2, errors: 0, outcome: 'succeeded' });
      expect(member.summary.outputTokens).toBeGreaterThan(0);
      expect(member.finalAnswer).toContain('Tool read_file returned:');
    }
    expect(view.members[0]!.answerDiff).toBeNull();
    for (const member of view.members.slice(1)) expect(member.answerDiff).not.toBeNull();
    expect(view.best.turns).toEqual(started.runIds);
  }, 90_000);
});

describe('a fork at turn 0 of a run that called a tool', () => {
  let parentId: string;
  const task = 'Use write_file {"path": "notes.txt", "content": "from the parent"} then say so.';

  beforeAll(async () => {
    // Anthropic with thinking: its reply carries a thinking block with its opaque signature.
    parentId = await run('simulator-anthropic', task);
  }, 60_000);

  const parentMessagesThroughTurn0 = async () => (await messages(parentId)).slice(0, 4);

  it('onto another runtime: carries the messages and tool results, continues at turn 1, drops the foreign opaque reasoning with a notice', async () => {
    const parentMessages = await parentMessagesThroughTurn0();
    expect(parentMessages.map((message) => (message.content as { role: string }).role)).toEqual(['system', 'user', 'assistant', 'tool']);
    const fork = ok(await forkRun(parentId, { turn: 1, profileName: 'simulator-chat' }, deps()));
    const row = await waitForRun(db, fork.runId);
    expect(row).toMatchObject({
      status: 'succeeded',
      lineage: 'fork',
      parentRunId: parentId,
      forkedAtTurn: 0,
      profileName: 'simulator-chat',
    });

    const forkMessages = await messages(fork.runId);
    expect(forkMessages.slice(0, 4)).toEqual(parentMessages);
    expect(forkMessages).toHaveLength(5); // and its own answer
    expect((await db.turn.findMany({ where: { runId: fork.runId }, orderBy: { index: 'asc' } })).map((turn) => turn.index)).toEqual([1]);
    expect(await notices(fork.runId)).toEqual(
      expect.arrayContaining([
        { notice: 'forked', parentRunId: parentId, turnIndex: 0, messages: 4, toolResults: 1 },
        { notice: 'fork-reasoning', kept: 0, dropped: 1, droppedFrom: ['anthropic-messages'] },
      ]),
    );
    // The file the carried turn wrote is in the fork's workspace.
    expect(readFileSync(join(workspace(fork.runId), 'notes.txt'), 'utf8')).toBe('from the parent');
    // What Chat Completions got: the carried call and its result, no reasoning.
    const [request] = requestsOf(fork.runId);
    const sent = (request!.body as { messages: { role: string; tool_calls?: { function: { name: string } }[]; content?: unknown }[] })
      .messages;
    expect(sent.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(sent[2]!.tool_calls!.map((call) => call.function.name)).toEqual(['write_file']);
    expect(JSON.stringify(sent)).not.toMatch(/thinking|signature/);
    expect(answerOf(forkMessages.at(-1)!.content)).toContain('Tool write_file returned:');
  }, 60_000);

  it('onto the same profile: the opaque blobs go back byte for byte, and the Simulator (which refuses altered ones) accepts them', async () => {
    const parentMessages = await parentMessagesThroughTurn0();
    const signature = signatureOf(parentMessages[2]!.content);
    expect(signature.length).toBeGreaterThan(20);
    const fork = ok(await forkRun(parentId, { turn: 1, profileName: 'simulator-anthropic' }, deps()));
    // A blob dropped or altered would be refused: Anthropic with thinking wants the assistant message before tool results to start with its signed thinking.
    expect(await waitForRun(db, fork.runId)).toMatchObject({ status: 'succeeded', forkedAtTurn: 0 });
    const forkMessages = await messages(fork.runId);
    expect(JSON.stringify(forkMessages.slice(0, 4))).toBe(JSON.stringify(parentMessages));
    expect(await notices(fork.runId)).toContainEqual({ notice: 'fork-reasoning', kept: 1, dropped: 0, droppedFrom: [] });
    const [request] = requestsOf(fork.runId);
    const assistant = (request!.body as { messages: { role: string; content: { type: string; signature?: string }[] }[] }).messages[1]!;
    expect(assistant.role).toBe('assistant');
    expect(assistant.content[0]).toMatchObject({ type: 'thinking', signature });
    expect((await db.providerCall.findMany({ where: { runId: fork.runId } })).map((call) => call.status)).toEqual(['ok']);
  }, 60_000);
});

/** The recorded tool-call rows of a run, turn by turn. */
const toolCallsOf = (runId: string) =>
  db.toolCall.findMany({ where: { runId }, orderBy: [{ turn: { index: 'asc' } }, { startedAt: 'asc' }], include: { turn: true } });

describe('a replay', () => {
  it('serves the recorded tool results: no tool runs (the file the recorded write_file made is not in its workspace)', async () => {
    const parentId = await run('simulator-chat', 'Use write_file {"path": "replayed.txt", "content": "recorded"} then say so.');
    // The tool does write: the parent's workspace has the file.
    expect(readFileSync(join(workspace(parentId), 'replayed.txt'), 'utf8')).toBe('recorded');
    const replay = ok(await replayRun(parentId, { profileName: 'simulator-responses' }, deps()));
    const row = await waitForRun(db, replay.runId);
    expect(row).toMatchObject({
      status: 'succeeded',
      lineage: 'replay',
      parentRunId: parentId,
      replayMode: 'stop',
      replayDivergence: null,
    });

    const [recorded] = await toolCallsOf(parentId);
    const served = await toolCallsOf(replay.runId);
    expect(served).toHaveLength(1);
    expect(served[0]).toMatchObject({ name: 'write_file', replayed: true, isError: false, result: recorded!.result });
    expect(served[0]!.turn.index).toBe(0);
    expect(existsSync(workspace(replay.runId))).toBe(true);
    expect(readdirSync(workspace(replay.runId))).not.toContain('replayed.txt');
    const replayNotices = await notices(replay.runId);
    expect(replayNotices).toContainEqual({ notice: 'replaying', parentRunId: parentId, recordedCalls: 1, onDivergence: 'stop' });
    expect(replayNotices.map((notice) => notice.notice)).not.toContain('replay-diverged');

    // Beside its parent, the replay says it followed the recording.
    const comparison = ok(await compareWithParent(replay.runId, { db }));
    const view = (await getComparisonView(db, comparison.comparisonId))!;
    expect(view.members.map((member) => [member.runId, member.summary.outcome])).toEqual([
      [parentId, 'succeeded'],
      [replay.runId, 'succeeded, followed the recording'],
    ]);
  }, 90_000);

  describe('of a recording made by another model (the Simulator asks for other calls)', () => {
    // The Simulator is deterministic: on the same task it asks for the same calls. A recording it
    // diverges from is one another model made — here a Simulator run's bundle, imported with one
    // recorded call changed, as if its model had written another file at that turn.
    async function recordingThatDivergesAt(turnIndex: number): Promise<string> {
      const parentId = await run('simulator-chat', 'Use write_file {"path": "first.txt", "content": "one"} [[tool-rounds:2]]');
      const bundle = structuredClone((await exportRunBundle(db, parentId))!);
      expect(bundle.toolCalls.map((call) => [call.turnIndex, call.name])).toEqual([
        [0, 'write_file'],
        [1, 'write_file'],
      ]);
      const other = { path: 'second.txt', content: 'two' };
      bundle.run = { ...bundle.run, id: randomUUID() };
      bundle.toolCalls = bundle.toolCalls.map((call) =>
        call.turnIndex === turnIndex
          ? { ...call, arguments: other, rawArguments: JSON.stringify(other), result: { ...(call.result as object), path: 'second.txt' } }
          : call,
      );
      const imported = await importRunBundle(db, bundle);
      if (imported.status !== 'imported') throw new Error(JSON.stringify(imported));
      return imported.runId;
    }

    it('stops at the first divergence: the matching turn is served, the run succeeds and says where it left the recording', async () => {
      const parentId = await recordingThatDivergesAt(1);
      const replay = ok(await replayRun(parentId, { profileName: 'simulator-chat' }, deps()));
      const divergence = {
        turnIndex: 1,
        callIndex: 0,
        expected: { name: 'write_file', arguments: { path: 'second.txt', content: 'two' } },
        asked: { name: 'write_file', arguments: { path: 'first.txt', content: 'one' } },
        action: 'stopped',
      };
      expect(await waitForRun(db, replay.runId)).toMatchObject({ status: 'succeeded', replayDivergence: divergence });
      expect(await notices(replay.runId)).toContainEqual({ notice: 'replay-diverged', ...divergence });
      // Turn 0 was answered from the recording; turn 1's call was not run.
      const calls = await toolCallsOf(replay.runId);
      expect(calls.map((call) => [call.turn.index, call.name, call.replayed])).toEqual([[0, 'write_file', true]]);
      expect((await db.turn.findMany({ where: { runId: replay.runId } })).map((turn) => turn.index).sort()).toEqual([0, 1]);
      expect(readdirSync(workspace(replay.runId))).toEqual([]);
    }, 90_000);

    it('with onDivergence continue, runs the real tools from the divergence on', async () => {
      const parentId = await recordingThatDivergesAt(0);
      const replay = ok(await replayRun(parentId, { profileName: 'simulator-anthropic', onDivergence: 'continue' }, deps()));
      const row = await waitForRun(db, replay.runId);
      expect(row).toMatchObject({ status: 'succeeded', replayMode: 'continue' });
      expect(row.replayDivergence).toMatchObject({ turnIndex: 0, callIndex: 0, action: 'continued' });
      const calls = await toolCallsOf(replay.runId);
      expect(calls.map((call) => [call.turn.index, call.name, call.replayed, call.isError])).toEqual([
        [0, 'write_file', false, false],
        [1, 'write_file', false, false],
      ]);
      // Written by the real tool: the recording never wrote first.txt (its turn 0 wrote second.txt, not served).
      expect(readFileSync(join(workspace(replay.runId), 'first.txt'), 'utf8')).toBe('one');
      expect(readdirSync(workspace(replay.runId))).toEqual(['first.txt']);
      expect(calls[0]!.result).toMatchObject({ ok: true, path: 'first.txt', created: true });
    }, 90_000);
  });
});

function answerOf(content: unknown): string {
  return (content as { content: { type: string; text?: string }[] }).content
    .filter((part) => part.type === 'text')
    .map((part) => part.text)
    .join('');
}

function signatureOf(content: unknown): string {
  const part = (content as { content: { type: string; signature?: string }[] }).content.find((candidate) => candidate.type === 'reasoning');
  return part?.signature ?? '';
}
