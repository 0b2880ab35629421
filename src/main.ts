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
const { main } = await import('./cli/main.js');
process.exitCode = await main(process.argv.slice(2));
