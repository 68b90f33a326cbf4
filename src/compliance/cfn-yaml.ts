import { parse, ScalarTag, CollectionTag, YAMLMap, YAMLSeq } from 'yaml';

/**
 * CloudFormation's short-form intrinsic functions (`!Ref`, `!GetAtt`, `!Sub` ...), each of which may tag a
 * scalar, a sequence or a mapping.
 */
const INTRINSICS = [
  'And',
  'Base64',
  'Cidr',
  'Condition',
  'Equals',
  'FindInMap',
  'ForEach',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Length',
  'Not',
  'Or',
  'Ref',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Transform',
];

/** `!Ref X` is `{ Ref: X }`, `!Condition X` is `{ Condition: X }`, every other `!Fn X` is `{ 'Fn::Fn': X }`. */
function keyOf(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function tagsFor(name: string): Array<ScalarTag | CollectionTag> {
  const key = keyOf(name);
  const tag = `!${name}`;
  return [
    {
      tag,
      // `!GetAtt Resource.Attribute` is the scalar form of `Fn::GetAtt: [Resource, Attribute]`.
      resolve: (value: string) => {
        if (name !== 'GetAtt') {
          return { [key]: value };
        }
        const dot = value.indexOf('.');
        return { [key]: dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
      },
    },
    { tag, collection: 'seq', resolve: (seq) => ({ [key]: (seq as YAMLSeq).toJSON() }) },
    { tag, collection: 'map', resolve: (map) => ({ [key]: (map as YAMLMap).toJSON() }) },
  ];
}

const CFN_TAGS = INTRINSICS.flatMap(tagsFor);

/**
 * Parses a CloudFormation template written in YAML, turning short-form intrinsic functions into their JSON
 * form, so that rules see the same template whatever the source format.
 *
 * @throws Error (from `yaml`) when the text is not valid YAML
 * @internal
 */
export function parseCloudFormationYaml(text: string): unknown {
  return parse(text, { customTags: CFN_TAGS, maxAliasCount: 1000, logLevel: 'error' });
}
