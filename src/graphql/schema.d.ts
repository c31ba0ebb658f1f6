// schema.graphql is bundled as text by esbuild (loader `.graphql: text`) and
// by jest (tests/helpers/text-transform.cjs), so no file is read at run time.
declare module '*.graphql' {
  const source: string;
  export default source;
}
