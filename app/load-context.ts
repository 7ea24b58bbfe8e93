declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's network address, as the server saw it. */
    clientAddress: string | null;
    /** Nonce for the page's inline scripts, matched by the Content-Security-Policy header. */
    cspNonce: string;
  }
}

export {};
