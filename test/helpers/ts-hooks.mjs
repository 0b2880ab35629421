// Lets plain Node (--experimental-transform-types) run src/ TypeScript directly in a child
// process: an import of `./x.js` resolves to `./x.ts` when only the .ts exists. Used to run the
// actions and the detail reads as an unprivileged user (nobody.ts), where vitest itself cannot run.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (err) {
      if (specifier.startsWith('.') && specifier.endsWith('.js')) {
        return nextResolve(specifier.slice(0, -3) + '.ts', context);
      }
      throw err;
    }
  },
});
