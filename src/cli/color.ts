/**
 * The colour depth a screen draws with, shared by the faces that draw one (top, replay, fleet).
 * Its own module so that replay and fleet need not load top's, which starts the live runtime.
 */

/** Colour depth from flags and the environment (COLORTERM advertises truecolor). */
export function colorMode(noColor: boolean, env: NodeJS.ProcessEnv): 'none' | '16' | 'truecolor' {
  if (noColor) return 'none';
  return env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 'truecolor' : '16';
}
