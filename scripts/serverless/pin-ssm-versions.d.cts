/** Types of the local Serverless Framework plugin next to this file. */
declare class PinSsmVersions {
  constructor(serverless: unknown, options: unknown, utils: unknown);
  readonly hooks: Record<string, () => Promise<void>>;
}
declare namespace PinSsmVersions {
  /** The parameters a template references without a version, sorted. */
  function unpinnedNames(template: unknown): string[];
  /** Pins every unversioned reference, in place. @throws Error for a parameter with no version */
  function pinSsmVersions(template: unknown, versions: ReadonlyMap<string, number>): unknown;
}
export = PinSsmVersions;
