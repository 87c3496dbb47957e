// The few cookies one sign-in needs: the identity server's `authorize` sets them and `signin` must
// send them back, else it answers the login page again (cloud-protocol.md 1.5 D, corrections). One
// jar per sign-in, one host: no domains, paths or expiry dates to honour beyond "delete me".

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the `set-cookie` header(s) of a response. */
  take(setCookie: string | string[] | undefined): void {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const removed = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
      if (removed || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The `Cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
