/**
 * An auth client for a pre-issued OAuth2 access token (e.g. `gcloud auth print-access-token`),
 * the original's `static_token` auth. google-gax asks its auth client only for
 * `getRequestHeaders()` (which it turns into gRPC call credentials, see google-gax
 * `GrpcClient._getCredentials`) and for `universeDomain`; google-auth-library's `GoogleAuth`
 * returns a given `authClient` as is. So this small object is enough, and the plugin does not
 * need google-auth-library as a direct dependency.
 *
 * The token is kept in a private field and never appears in `toString`/`toJSON`/inspection, so a
 * logged handle cannot leak it. It is not refreshed: when it expires, calls fail with
 * UNAUTHENTICATED (a retriable ConnectionError) until the host restarts with a new token.
 */
export class StaticTokenAuthClient {
  readonly universeDomain = 'googleapis.com';
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
  }

  /** Headers for every gRPC call: `authorization: Bearer <token>`. */
  async getRequestHeaders(): Promise<Headers> {
    return new Headers({ authorization: `Bearer ${this.#token}` });
  }

  /** The legacy shape some google-auth-library paths call; same token. */
  async getAccessToken(): Promise<{ token: string }> {
    return { token: this.#token };
  }

  toJSON(): string {
    return '[StaticTokenAuthClient ****]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toJSON();
  }
}
