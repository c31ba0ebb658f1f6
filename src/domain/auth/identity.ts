/** Who is calling: taken from a verified token, never from input. */
export interface Identity {
  readonly customerId: string;
  readonly email: string | null;
  readonly name: string | null;
  readonly isAdmin: boolean;
}

/** Verifies a bearer token; answers undefined for no token. */
export interface TokenVerifier {
  /** @throws UnauthenticatedError for a token that is present but invalid or expired. */
  verify(token: string): Promise<Identity>;
}
