import { jsonErrorOffset, lineColumn } from '../../../modules/config/json-position';

describe('config: position of a JSON syntax error', () => {
  it.each([
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['{"a": tru}', 6],
    ['{"a": 1', 7],
    ['{"a": "x\n"}', 8],
    ['{"a":1} x', 8],
    ['[1, 2,]', 6],
    ['{"a": "\\q"}', 8],
  ])('finds the first bad character of %j', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it.each(['{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n", {}], "b": {"c": []}}', '  {}  '])(
    'accepts valid JSON %j',
    (text) => {
      expect(jsonErrorOffset(text)).toBeUndefined();
    },
  );

  it('counts lines and columns from 1', () => {
    expect(lineColumn('{\n  "a": x', 9)).toEqual({ line: 2, column: 8 });
  });
});
