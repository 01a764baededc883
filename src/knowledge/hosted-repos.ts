/** How each hosted web UI addresses a line of a file at a revision. */
export const HOSTED_LINE_URLS = {
  github: "/blob/{revision}/{path}#L{line}",
  gitlab: "/-/blob/{revision}/{path}#L{line}",
  bitbucket: "/src/{revision}/{path}#lines-{line}",
} as const;
export type Host = keyof typeof HOSTED_LINE_URLS;
