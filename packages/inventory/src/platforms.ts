import { normalizePlatform, platformPackageNames, suggestKey } from "@patchbay/core";

/**
 * The known platform a user most likely meant by `platform`, or undefined: the same id once
 * normalised (`Cisco-IOS`), a known id whose last part it is (`eos` -> `arista_eos`), a known id it
 * starts with or that starts with it (`frrouting` -> `frr`), else the closest by edit distance.
 */
export function suggestPlatform(platform: string, known: readonly string[]): string | undefined {
  const wanted = normalizePlatform(platform);
  const ids = [...new Set(known.map(normalizePlatform))];
  if (ids.includes(wanted)) return wanted;
  const bySuffix = ids.filter(
    (id) => id.split("_").slice(1).join("_") === wanted || id.endsWith(`_${wanted}`),
  );
  if (bySuffix.length > 0) return shortest(bySuffix);
  const byPrefix = ids.filter(
    (id) => Math.min(id.length, wanted.length) >= 3 && (wanted.startsWith(id) || id.startsWith(wanted)),
  );
  if (byPrefix.length > 0) return shortest(byPrefix);
  return suggestKey(wanted, ids);
}

/**
 * What to tell a user whose fleet names `platform`, which no installed plugin serves: the package
 * that would serve it, or the known platform they probably meant and its package.
 */
export function unknownPlatformMessage(
  platform: string,
  known: readonly string[],
): {
  message: string;
  suggestion: string | undefined;
} {
  const suggestion = suggestPlatform(platform, known);
  const [official, community] = platformPackageNames(platform);
  const install = `install ${official} (or ${community}) if it exists`;
  return suggestion === undefined
    ? { message: `no installed plugin serves platform "${platform}": ${install}`, suggestion }
    : {
        message: `no installed plugin serves platform "${platform}"; "${suggestion}" is served by ${platformPackageNames(suggestion)[0]}`,
        suggestion,
      };
}

function shortest(ids: readonly string[]): string | undefined {
  return [...ids].sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
}
