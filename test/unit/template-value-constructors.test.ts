// The values Bronze makes (values.ts' plain constructors) are the library's: same prototype, `type` and `value`, so
// the library's own methods and instanceof checks treat them as its own, and truthiness is the library's rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Environment } from '@huggingface/jinja';
import {
  ArrayValue,
  BooleanValue,
  FloatValue,
  FunctionValue,
  HostValue,
  IntegerValue,
  JinjaObject,
  KeywordArgumentsValue,
  NamespaceValue,
  NullValue,
  ObjectValue,
  StringValue,
  TupleValue,
  UndefinedValue,
  pyBool,
  type RV,
} from '../../server/src/template/values';

/** The library's own value for a JS value, made by its Environment. */
function libraryValue(v: unknown): RV {
  const env = new Environment();
  env.set('x', v);
  return env.variables.get('x') as unknown as RV;
}

test('a value Bronze makes has the class, type and behaviour of the library value', () => {
  const pairs: [RV, RV][] = [
    [new IntegerValue(3), libraryValue(3)],
    [new FloatValue(1.5), libraryValue(1.5)],
    [new StringValue('ab'), libraryValue('ab')],
    [new BooleanValue(true), libraryValue(true)],
    [new NullValue(null), libraryValue(null)],
    [new UndefinedValue(undefined), libraryValue(undefined)],
    [new ArrayValue([]), libraryValue([])],
    [new ObjectValue(new Map()), libraryValue({})],
  ];
  for (const [ours, theirs] of pairs) {
    assert.equal(ours.type, theirs.type);
    assert.equal(Object.getPrototypeOf(ours), Object.getPrototypeOf(theirs), theirs.type);
    assert.equal((ours as object).constructor, (theirs as object).constructor, theirs.type);
  }
  assert.ok(libraryValue('x') instanceof StringValue);
  assert.equal((new StringValue('ab').builtins.get('upper') as RV & { value: () => RV }).value().value, 'AB');
  assert.equal(new TupleValue([]).type, 'TupleValue');
  assert.ok(new TupleValue([]) instanceof ArrayValue);
  assert.ok(new KeywordArgumentsValue(new Map()) instanceof ObjectValue);
  assert.equal(new NamespaceValue(new Map()).type, 'NamespaceValue');
  assert.equal(new FunctionValue(() => new NullValue(null)).type, 'FunctionValue');
});

test("pyBool gives each value's __bool__", () => {
  const values: RV[] = [
    new IntegerValue(0),
    new IntegerValue(2),
    new FloatValue(0),
    new StringValue(''),
    new StringValue('a'),
    new BooleanValue(false),
    new BooleanValue(true),
    new NullValue(null),
    new UndefinedValue(undefined),
    new ArrayValue([]),
    new ArrayValue([new IntegerValue(1)]),
    new TupleValue([]),
    new ObjectValue(new Map()),
    new ObjectValue(new Map([['a', new IntegerValue(1)]])),
    new KeywordArgumentsValue(new Map()),
    new NamespaceValue(new Map()),
    new FunctionValue(() => new NullValue(null)),
    new HostValue(new JinjaObject({}, { truthy: () => false })),
    new HostValue(new JinjaObject({}, { length: () => 2 })),
    libraryValue([]),
    libraryValue({ a: 1 }),
  ];
  assert.deepEqual(
    values.map(pyBool),
    values.map((v) => v.__bool__().value),
  );
  assert.deepEqual(values.map(pyBool), [false, true, false, false, true, false, true, false, false, false, true, false, false, true, false, true, true, false, true, false, true]);
});
