import { describe, expect, it } from '@jest/globals';
import { sseFrame } from './sse-response.js';

describe('sseFrame', () => {
  it('names the event, gives its id, and ends with a blank line', () => {
    expect(sseFrame('task.updated', '1-0-2', '{"a":1}')).toBe('event: task.updated\nid: 1-0-2\ndata: {"a":1}\n\n');
  });

  it('puts each line of the data on a data line of its own, so no text can end the event early', () => {
    expect(sseFrame('ping', '1-0-0', 'one\n\nevent: forged\r\ntwo')).toBe(
      'event: ping\nid: 1-0-0\ndata: one\ndata: \ndata: event: forged\ndata: two\n\n',
    );
  });
});
