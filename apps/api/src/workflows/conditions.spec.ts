import { describe, expect, it } from '@jest/globals';
import { conditionReferences, ConditionSyntaxError, evaluateCondition, parseCondition } from './conditions.js';

const context = { input: { region: 'eu', count: 12, tags: ['a'] }, results: { check: { ok: true, score: 0.4, name: "O'Brien" } } };
const holds = (source: string) => evaluateCondition(parseCondition(source), context);

describe('conditions', () => {
  it('compares numbers, strings and JSON values, with and/or/not and parentheses', () => {
    expect(holds("${input.region} == 'eu'")).toBe(true);
    expect(holds('${input.count} > 10 and ${steps.check.result.score} < 0.5')).toBe(true);
    expect(holds('${input.count} >= 13 or not ${steps.check.result.ok}')).toBe(false);
    expect(holds("not (${input.region} == 'us' or ${input.count} <= 1)")).toBe(true);
    expect(holds('${input.tags} == ${input.tags}')).toBe(true);
    expect(holds(`\${steps.check.result.name} == "O'Brien"`)).toBe(true);
    expect(holds("${input.region} != 'eu'")).toBe(false);
  });

  it('reads a missing value as null and never orders values of different types', () => {
    expect(holds('${input.nope} == null')).toBe(true);
    expect(holds('${input.nope}')).toBe(false);
    expect(holds("${input.count} > '10'")).toBe(false);
  });

  it('lists the references it reads', () => {
    expect(conditionReferences(parseCondition('${input.a} == 1 and not ${steps.b.result.c}'))).toEqual([
      '${input.a}',
      '${steps.b.result.c}',
    ]);
  });

  it('refuses what is not a condition, saying where, and never runs code', () => {
    for (const source of ['${input.a} = 1', '${input.a} ==', '(${input.a}', 'process.exit(1)', '${input.a} == 1 1', '${env.HOME}']) {
      expect(() => parseCondition(source)).toThrow(ConditionSyntaxError);
    }
    expect(() => parseCondition('${input.a} ==')).toThrow('expected a value, a reference or "(" at the end');
  });
});
