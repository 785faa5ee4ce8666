import { describe, expect, it } from '@jest/globals';
import { unavailableDependency } from './dependency-errors.js';

describe('unavailableDependency', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'PostgreSQL'],
    [Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), 'PostgreSQL'],
    [new Error('Connection terminated unexpectedly'), 'PostgreSQL'],
    [new Error('timeout exceeded when trying to connect'), 'PostgreSQL'],
    [{ name: 'QueryFailedError', message: 'x', driverError: Object.assign(new Error('y'), { code: '08006' }) }, 'PostgreSQL'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }), 'Redis'],
    [new Error('Connection is closed.'), 'Redis'],
    [Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }), 'Redis'],
  ])('names the dependency behind %s', (error, dependency) => {
    expect(unavailableDependency(error)).toBe(dependency);
  });

  it.each([
    [new Error('Cannot read properties of undefined')],
    [Object.assign(new Error('duplicate key value'), { code: '23505' })],
    ['a string'],
    [null],
  ])('leaves a bug a bug: %s', (error) => {
    expect(unavailableDependency(error)).toBeNull();
  });
});
