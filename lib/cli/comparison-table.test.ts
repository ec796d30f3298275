import { describe, expect, it } from 'vitest';
import { createColors, stripAnsi } from './colors';
import { COMPARISON_ID, comparisonView, FORK_ID, member, PARENT_ID, turnCell } from './comparison-fixtures';
import { diffText, formatComparison } from './comparison-table';
import { HOSTILE, RAW_CONTROL } from './fixtures';

describe('formatComparison', () => {
  it('aligns the runs per turn, marks the best of each summary metric and words the answer diff', () => {
    expect(formatComparison(comparisonView())).toEqual([
      `Comparison ${COMPARISON_ID} · 2 runs · a run beside its parent · created 2030-01-01 00:00:00 UTC`,
      '  task  Write hello.txt, then say what it holds.',
      '',
      '                        1 simulator-chat                      2 simulator-anthropic',
      'runtime · model         openai-chat · sim-gpt                 anthropic-messages · sim-claude',
      `run                     ${PARENT_ID}  ${FORK_ID}`,
      'lineage                                                       fork after turn 1',
      'parent                                                        column 1',
      'Turn 1',
      '  tool calls            write_file {"path":"hello.txt","con…  carried from the parent',
      '  tokens in / out       100 / 20',
      '  cache read / write    0 / —',
      '  cost est. / reported  $0.0012 / —',
      '  latency               420 ms',
      '  TTFT                  95 ms',
      '  retries / fallbacks   1 / 0',
      '  delivery              streamed',
      '  finish reason         tool_calls',
      'Turn 2',
      '  tool calls            none                                  none',
      '  tokens in / out       100 / 20                              100 / 20',
      '  cache read / write    0 / —                                 0 / 80',
      '  cost est. / reported  $0.0012 / —                           — / —',
      '  latency               420 ms                                1.5 s',
      '  TTFT                  95 ms                                 —',
      '  retries / fallbacks   0 / 0                                 0 / 1',
      '  delivery              streamed                              fallback',
      '  finish reason         stop                                  stop',
      'Per run',
      '  outcome               succeeded                             succeeded',
      '  cost est.             $0.0024 ★                             $0.0030',
      '  cost reported         —                                     —',
      '  wall time             1.5 s                                 900 ms ★',
      '  turns                 2                                     1 ★',
      '  errors                0 ★                                   0 ★',
      '  tokens in             200                                   150',
      '  tokens out            40                                    30 ★',
      '★ best of the runs that succeeded (lowest); — not reported',
      '',
      'Final answers',
      '  1 simulator-chat',
      '    The file says hi.',
      '  2 simulator-anthropic against 1 simulator-chat',
      '    The file [-says-] {+holds+} hi.',
      '  [-removed-] {+added+}',
    ]);
  });

  it('gives a turn as many tool-call rows as its busiest run, marks replayed and failed calls, says where a run has no turn', () => {
    const view = comparisonView();
    view.turns[0]!.cells = [
      turnCell({
        finishReason: 'tool_calls',
        toolCalls: [
          { name: 'list_files', arguments: {}, isError: false, replayed: true },
          { name: 'read_file', arguments: { path: 'x' }, isError: true, replayed: true },
        ],
      }),
      { kind: 'none' },
    ];
    const lines = formatComparison(view);
    const firstTurn = lines.indexOf('Turn 1');
    expect(lines.slice(firstTurn + 1, firstTurn + 4)).toEqual([
      '  tool calls            list_files {} (replayed)              no turn',
      '                        read_file {"path":"x"} ✗ (replayed)',
      '  tokens in / out       100 / 20',
    ]);
  });

  it('names a parent that is not in the comparison by its id, a replay by its mode; a run without an answer says so', () => {
    const view = comparisonView();
    view.members = [
      member({ runId: PARENT_ID, position: 0, finalAnswer: null }),
      member({
        runId: FORK_ID,
        position: 1,
        lineage: { kind: 'replay', parentRunId: '01a21715-0000-7000-8000-0000000000ff', forkedAtTurn: null, replayMode: 'continue' },
        status: 'failed',
        summary: { ...member({ runId: FORK_ID, position: 1 }).summary, costUsd: null, outcome: 'failed (rate_limit)' },
      }),
    ];
    const lines = formatComparison(view);
    expect(lines.find((line) => line.startsWith('lineage'))).toBe(
      'lineage                                                       replay (continue at divergence)',
    );
    expect(lines.find((line) => line.startsWith('parent'))).toBe(
      'parent                                                        01a21715-0000-7000-8000-0000000000ff',
    );
    expect(lines.find((line) => line.startsWith('  outcome'))).toBe(
      '  outcome               succeeded                             failed (rate_limit)',
    );
    // Tokens without a price: no price, not $0.
    expect(lines.find((line) => /^ {2}cost est\. {2}/.test(line))).toMatch(/ {2}no price$/);
    expect(lines.slice(lines.indexOf('Final answers'))).toEqual([
      'Final answers',
      '  1 simulator-chat',
      '    no final answer',
      '  2 simulator-chat',
      '    The file says hi.',
    ]);
  });

  it("names each member's fault scenario when one ran under one", () => {
    const view = comparisonView();
    view.members[1] = { ...view.members[1]!, faultScenario: 'stream_unsupported' };
    const lines = formatComparison(view);
    expect(lines[6]).toBe('fault scenario          none                                  stream_unsupported');
    expect(formatComparison(comparisonView()).some((line) => line.startsWith('fault scenario'))).toBe(false);
  });

  it('colours the diff instead of marking it on a terminal', () => {
    const colors = createColors(true);
    const lines = formatComparison(comparisonView(), colors);
    const diff = lines[lines.indexOf('    The file [-says-] {+holds+} hi.')];
    expect(diff).toBeUndefined();
    const coloured = lines.find((line) => stripAnsi(line) === '    The file says holds hi.')!;
    expect(coloured).toContain(`${colors.red('says')} ${colors.green('holds')}`);
    expect(stripAnsi(lines.at(-1)!)).toBe('  removed in red, added in green');
    expect(stripAnsi(lines.find((line) => stripAnsi(line).startsWith('  turns'))!)).toMatch(/1 ★$/);
  });

  it('shows run content as visible text: no control character reaches the terminal', () => {
    const view = comparisonView();
    view.task = `Do it${HOSTILE}`;
    view.members[1] = { ...view.members[1]!, profileName: `p${HOSTILE}`, model: `m${HOSTILE}`, finalAnswer: `answer${HOSTILE}` };
    view.members[1]!.answerDiff = [{ op: 'added', text: `evil${HOSTILE}` }];
    view.turns[0]!.cells[0] = turnCell({
      toolCalls: [{ name: `t${HOSTILE}`, arguments: { [`k${HOSTILE}`]: HOSTILE }, isError: false, replayed: false }],
    });
    for (const colors of [createColors(false), createColors(true)]) {
      const text = formatComparison(view, colors).map(stripAnsi).join('\n');
      expect(RAW_CONTROL.exec(text)?.[0]).toBeUndefined();
      expect(text).toContain('Do it␛]52;c;');
    }
  });
});

describe('diffText', () => {
  it('keeps white space outside the marks', () => {
    expect(
      diffText([
        { op: 'same', text: 'a ' },
        { op: 'removed', text: ' b c ' },
        { op: 'added', text: 'd\n' },
      ]),
    ).toBe('a  [-b c-] {+d+}\n');
  });
});
