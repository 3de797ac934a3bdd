// One path-matching rule shared by fault matching and call counting, so `faults.add({match:{path}})` and
// `calls.count(path)` always agree on what a pattern means.

/** Strips the API version segment (`/v25.0`, `/v24`) so patterns need not name a version. */
export function stripVersion(path: string): string {
  const stripped = path.replace(/^\/v\d+(?:\.\d+)?(?=\/|$)/, '');
  return stripped === '' ? '/' : stripped;
}

export type PathPattern = string | RegExp;

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i++;
      } else {
        source += '[^/]*';
      }
    } else {
      source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * A string is a glob over the whole path (`*` = one segment's worth of characters, `**` = anything), tried
 * against the path both with and without its version prefix. A RegExp is tested (unanchored unless it
 * anchors itself) against both forms too.
 */
export function pathMatches(pattern: PathPattern, path: string): boolean {
  const re = typeof pattern === 'string' ? globToRegExp(pattern) : pattern;
  // A RegExp with the global or sticky flag carries lastIndex between calls; reset it so matching is stateless.
  re.lastIndex = 0;
  if (re.test(path)) return true;
  re.lastIndex = 0;
  return re.test(stripVersion(path));
}

export function methodMatches(expected: string | undefined, actual: string): boolean {
  return expected === undefined || expected.toUpperCase() === actual.toUpperCase();
}
