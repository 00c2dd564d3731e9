import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fromParsedJson, goJson, GoMap, goQuote, GoStruct } from '../../../src/cosign/go-json.js'

describe('goQuote (Go encoding/json string escaping)', () => {
  it.each([
    ['plain', '"plain"'],
    ['a&b<c>d', '"a\\u0026b\\u003cc\\u003ed"'],
    ['quote " and \\ backslash', '"quote \\" and \\\\ backslash"'],
    ['\n\r\t', '"\\n\\r\\t"'],
    ['\b\f', '"\\b\\f"'],
    ['\u0001\u001f', '"\\u0001\\u001f"'],
    ['\u007f', '"\u007f"'],
    ['é ü 日本', '"é ü 日本"'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['emoji 😀', '"emoji 😀"'],
    ['lone \ud800 surrogate', '"lone \ufffd surrogate"'],
    ['lone \udc00 low', '"lone \ufffd low"'],
  ])('%j', (input, expected) => {
    expect(goQuote(input)).toBe(expected)
  })

  it('always yields JSON that parses back to the (well-formed) string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(JSON.parse(goQuote(s))).toBe(s)
      }),
      { seed: 42, numRuns: 500 },
    )
  })
})

describe('goJson', () => {
  it('sorts map keys by byte order and keeps struct order', () => {
    const v = new GoStruct([
      ['z', 1],
      ['a', new GoMap([['b', 'x'], ['B', 'y'], ['a', 'z'], ['é', 'e'], ['~', 't']])],
    ])
    expect(goJson(v)).toBe('{"z":1,"a":{"B":"y","a":"z","b":"x","~":"t","é":"e"}}')
  })

  it('prints numbers as Go prints float64', () => {
    expect(goJson([1658416069, 0.5, 1e21, 1e-7, 123456789012, -3])).toBe('[1658416069,0.5,1e+21,1e-7,123456789012,-3]')
  })

  it('re-encodes parsed JSON with sorted keys', () => {
    expect(goJson(fromParsedJson(JSON.parse('{"b":[1,{"y":null,"x":true}],"a":"<"}')))).toBe('{"a":"\\u003c","b":[1,{"x":true,"y":null}]}')
  })
})
