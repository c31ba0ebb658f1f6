/** GraphQL-only parent objects (types with no domain counterpart). */
export interface ViewerModel {
  /** The signed-in customer's id. */
  readonly id: string;
}
