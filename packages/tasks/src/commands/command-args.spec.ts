import { describe, expect, it } from '@jest/globals';
import { buildCommandArgs, optionLikeParameters, placeholdersOf } from './command-args.js';

describe('buildCommandArgs', () => {
  it('replaces placeholders by the values, each template staying one argument', () => {
    expect(buildCommandArgs(['--size={size}', '{name}', 'plain', '{a}-{b}'], { size: 3, name: 'x y', a: true, b: 1.5 })).toEqual([
      '--size=3',
      'x y',
      'plain',
      'true-1.5',
    ]);
  });

  it('passes shell metacharacters through as plain text in one argument', () => {
    const nasty = `; rm -rf / && $(whoami) | > * \`id\` 'q' "d" \n {other}`;
    expect(buildCommandArgs(['{text}'], { text: nasty, other: 'never' })).toEqual([nasty]);
  });

  it('leaves braces that are not placeholders alone', () => {
    expect(buildCommandArgs(['{}', '{ x }', '{Upper}', '%s\\n'], {})).toEqual(['{}', '{ x }', '{Upper}', '%s\\n']);
  });

  it('lists the parameters a template refers to', () => {
    expect(placeholdersOf('{a}/{b_2}.{c}')).toEqual(['a', 'b_2', 'c']);
  });
});

describe('optionLikeParameters', () => {
  it('names the values that would begin an argument with "-"', () => {
    const templates = ['{file}', '--size={size}', 'x{suffix}', '{empty}{flag}', '{n}'];
    expect(optionLikeParameters(templates, { file: '-rf', size: -3, suffix: '-y', empty: '', flag: '--exec=sh', n: -1 })).toEqual([
      'file',
      'flag',
      'n',
    ]);
    expect(optionLikeParameters(templates, { file: 'a-b', size: 3, suffix: '', empty: 'e', flag: '-x', n: 1 })).toEqual([]);
  });
});
