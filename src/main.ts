/**
 * Entry point. Checks the Node version before anything else is imported (Ink 8 and the rest need
 * Node >= 22, and a static import would fail first with a less helpful error), then runs the CLI.
 */
const REQUIRED_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < REQUIRED_MAJOR) {
  process.stderr.write(
    `smoothtask: needs Node.js >= ${REQUIRED_MAJOR} (Node 24 LTS recommended); this is ${process.version}.\n` +
      'Run it through `npm start` or bin/smoothtask, which use the Node 24 from node_modules/.bin.\n',
  );
  process.exit(1);
}
// Cache the compiled code of our modules and their dependencies (Ink, React, yoga) on disk:
// later starts skip most of the parse and compile that the first frame waits for. In the user's
// own cache folder (XDG base directories): Node's default, one folder in /tmp for everyone, is
// refused to every user but the one who made it first (its files are 0600).
const { enableCompileCache } = await import('node:module');
const { isAbsolute, join } = await import('node:path');
const { XDG_CACHE_HOME, HOME } = process.env;
const cacheHome = XDG_CACHE_HOME && isAbsolute(XDG_CACHE_HOME) ? XDG_CACHE_HOME : HOME ? join(HOME, '.cache') : undefined;
enableCompileCache?.(cacheHome === undefined ? undefined : join(cacheHome, 'smoothtask', 'node-compile-cache'));
const { main } = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2));
