import { describe, expect, it } from '@jest/globals';
import { findReferences, parseReference, resolveParameters } from './references.js';

const context = {
  input: { title: 'Daily', sections: 3, tags: ['a', 'b'] },
  results: { crunch: { record_count: 5000, aggregates: { mean: 499.5 }, ok: true, none: null, rows: [{ id: 7 }] } },
};

describe('parseReference', () => {
  it('reads input and step references with their paths', () => {
    expect(parseReference('input.title')).toEqual({ source: 'input', path: ['title'] });
    expect(parseReference('input')).toEqual({ source: 'input', path: [] });
    expect(parseReference('steps.crunch.result.aggregates.mean')).toEqual({ source: 'step', step: 'crunch', path: ['aggregates', 'mean'] });
    expect(parseReference('steps.crunch.result')).toEqual({ source: 'step', step: 'crunch', path: [] });
  });

  it('says how to write one when it is malformed', () => {
    for (const inner of ['', 'steps.crunch', 'steps.crunch.output.x', 'inputs.x', 'input..x', 'input.x.', 'env.HOME']) {
      expect(parseReference(inner)).toContain('write ${input.<path>}, ${steps.<step name>.result.<path>}, ${item.<path>} or ${index}');
    }
  });
});

describe('resolveParameters', () => {
  it('gives a whole-value reference the JSON type of what it names', () => {
    const resolved = resolveParameters(
      {
        count: '${steps.crunch.result.record_count}',
        mean: '${steps.crunch.result.aggregates.mean}',
        ok: '${steps.crunch.result.ok}',
        none: '${steps.crunch.result.none}',
        aggregates: '${steps.crunch.result.aggregates}',
        sections: '${input.sections}',
        first: '${steps.crunch.result.rows.0.id}',
        fixed: 12,
      },
      context,
    );
    expect(resolved).toEqual({
      ok: true,
      parameters: { count: 5000, mean: 499.5, ok: true, none: null, aggregates: { mean: 499.5 }, sections: 3, first: 7, fixed: 12 },
    });
  });

  it('interpolates references inside a longer string as text, objects as JSON', () => {
    const resolved = resolveParameters(
      {
        message: '${input.title}: ${steps.crunch.result.record_count} records, tags ${input.tags}',
        nested: { list: ['n=${input.sections}'] },
      },
      context,
    );
    expect(resolved).toEqual({
      ok: true,
      parameters: { message: 'Daily: 5000 records, tags ["a","b"]', nested: { list: ['n=3'] } },
    });
  });

  it('names the field, the reference and what is missing when a path is not there', () => {
    const resolved = resolveParameters(
      { a: '${steps.crunch.result.aggregates.median}', b: 'x ${input.owner.name}', c: '${steps.report.result.checksum}' },
      context,
    );
    expect(resolved).toEqual({
      ok: false,
      problems: [
        {
          field: 'parameters.a',
          message: '${steps.crunch.result.aggregates.median}: the result of step "crunch" has no aggregates.median',
        },
        { field: 'parameters.b', message: "${input.owner.name}: the run's input has no owner" },
        { field: 'parameters.c', message: '${steps.report.result.checksum}: step "report" has no result' },
      ],
    });
  });

  it('does not index into a string or read an array by a name', () => {
    const resolved = resolveParameters({ a: '${input.title.length}', b: '${input.tags.first}' }, context);
    expect(resolved.ok).toBe(false);
  });
});

describe('findReferences', () => {
  it('lists every reference with its field, and each malformed or unclosed one as a problem', () => {
    const { references, problems } = findReferences({
      title: '${input.title} and ${steps.a.result.x}',
      list: ['${steps.b.result}'],
      bad: '${nope}',
      open: 'costs ${input.price',
    });
    expect(references.map((found) => [found.field, found.text])).toEqual([
      ['parameters.title', '${input.title}'],
      ['parameters.title', '${steps.a.result.x}'],
      ['parameters.list.0', '${steps.b.result}'],
    ]);
    expect(problems).toEqual([
      {
        field: 'parameters.bad',
        message: '${nope} is not a reference: write ${input.<path>}, ${steps.<step name>.result.<path>}, ${item.<path>} or ${index}',
      },
      { field: 'parameters.open', message: 'has a "${" with no closing "}"' },
    ]);
  });
});
