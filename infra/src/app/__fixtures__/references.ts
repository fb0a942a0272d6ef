// Test helper: names what a cross-stack reference (Fn::GetStackOutput) points at, so tests can say
// "the private subnets" instead of comparing opaque objects.

/** The output a reference reads, e.g. `PublishOutputRefVpcprivateSubnet1Subnet…`, or undefined. */
export function referencedOutput(value: unknown): string | undefined {
  const ref = (value as { 'Fn::GetStackOutput'?: { OutputName?: string } } | undefined)?.[
    'Fn::GetStackOutput'
  ];
  return ref?.OutputName;
}

/** The referenced outputs of a list of references; throws when an entry is not a reference. */
export function referencedOutputs(values: unknown): string[] {
  return (values as unknown[]).map((v) => {
    const name = referencedOutput(v);
    if (!name) throw new Error(`not a cross-stack reference: ${JSON.stringify(v)}`);
    return name;
  });
}
