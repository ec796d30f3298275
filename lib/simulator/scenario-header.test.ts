import { describe, expect, it } from 'vitest';
import { FAULT_SCENARIO_PRESETS } from '@/lib/config/fault-scenarios';
import { parseScenario } from './faults';
import { describeScenarioHeaderProblem, parseScenarioHeader, SCENARIO_NAMES } from './scenario-header';

describe('parseScenarioHeader', () => {
  it('reads a name and its parameters, case-insensitively, ignoring blanks', () => {
    expect(parseScenarioHeader(' Rate_Limit_HTML ; times=2;; retry_after=none ')).toEqual({
      ok: true,
      scenario: { name: 'rate_limit_html', params: { times: '2', retry_after: 'none' } },
    });
    expect(parseScenarioHeader(undefined)).toEqual({ ok: true, scenario: null });
    expect(parseScenarioHeader('   ')).toEqual({ ok: true, scenario: null });
  });

  it('says what is wrong as data', () => {
    expect(parseScenarioHeader('totally_bogus_fault')).toEqual({
      ok: false,
      problem: { kind: 'unknown_scenario', name: 'totally_bogus_fault' },
    });
    expect(parseScenarioHeader('overloaded; colour=red')).toEqual({ ok: false, problem: { kind: 'unknown_param', key: 'colour' } });
    expect(parseScenarioHeader('overloaded; times=two')).toEqual({
      ok: false,
      problem: { kind: 'invalid_value', key: 'times', value: 'two' },
    });
    expect(parseScenarioHeader('cut_midstream; mode=explode')).toEqual({
      ok: false,
      problem: { kind: 'invalid_value', key: 'mode', value: 'explode' },
    });
    // An HTTP client would refuse to send it at all.
    expect(parseScenarioHeader('overloaded\r\nx-evil: 1')).toEqual({ ok: false, problem: { kind: 'invalid_characters' } });
    expect(parseScenarioHeader('overloaded; times=½')).toEqual({ ok: false, problem: { kind: 'invalid_characters' } });
  });

  it('accepts every preset the New run page offers', () => {
    for (const preset of FAULT_SCENARIO_PRESETS) expect(parseScenarioHeader(preset.value), preset.value).toMatchObject({ ok: true });
  });

  it('the New run page offers every scenario but the key-echo ones (redaction tests send those themselves)', () => {
    const offered = new Set(FAULT_SCENARIO_PRESETS.map((preset) => preset.value.split(';')[0]!.trim()).filter(Boolean));
    expect(SCENARIO_NAMES.filter((name) => !offered.has(name))).toEqual(['echo_key_in_error', 'echo_key_in_stream']);
    expect(parseScenarioHeader('drain_quota; rpm=0')).toEqual({ ok: false, problem: { kind: 'invalid_value', key: 'rpm', value: '0' } });
  });

  it('is the parser the simulator answers with', () => {
    const problem = parseScenarioHeader('totally_bogus_fault');
    if (problem.ok) throw new Error('expected a problem');
    expect(parseScenario('totally_bogus_fault', undefined)).toEqual({ error: describeScenarioHeaderProblem(problem.problem) });
    expect(parseScenario('overloaded; times=1', ' s1 ')).toEqual({
      scenario: { name: 'overloaded', params: { times: '1' }, times: 1, session: 's1' },
    });
  });
});
