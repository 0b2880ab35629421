// Makes esbuild's __toESM helper give every importer of a CommonJS module the same namespace
// object (scripts/bundle.sh). esbuild's own makes a new one for each importing module, with a
// getter defined for each export: the bundle does that 233 times as it starts (82 times for
// React, 36 for node:fs, 14 for node:process), 10-15 ms of each start, and the copies stay in
// the heap for good (bench/README.md, "One namespace a CommonJS module"). The getters read the
// module's exports when used, so one such object serves every importer; it is made again when
// the module has gained exports since (a require cycle hands out exports before they are all
// there).
import { readFileSync, writeFileSync } from 'node:fs';

/** esbuild's helper, as it writes it with --minify-whitespace (esbuild 0.28). */
export const ESBUILD_TO_ESM =
  'var __toESM=(mod,isNodeMode,target)=>(target=mod!=null?__create(__getProtoOf(mod)):{},__copyProps(isNodeMode||!mod||!mod.__esModule?__defProp(target,"default",{value:mod,enumerable:true}):target,mod));';

/** The same helper made once per module and mode, kept beside the module's exports object. */
const SHARED_TO_ESM = [
  ESBUILD_TO_ESM.replace('var __toESM=', 'var __toESMCopy='),
  'var __toESMKept=new WeakMap();',
  'var __toESM=(mod,isNodeMode,target)=>{',
  'if(target!==void 0||mod==null||typeof mod!=="object"&&typeof mod!=="function")return __toESMCopy(mod,isNodeMode,target);',
  'const count=__getOwnPropNames(mod).length;',
  'let kept=__toESMKept.get(mod);',
  'if(kept===void 0)__toESMKept.set(mod,kept=[void 0,void 0]);',
  'const mode=isNodeMode?1:0;',
  'const made=kept[mode];',
  'if(made!==void 0&&made.count===count)return made.namespace;',
  'const namespace=__toESMCopy(mod,isNodeMode);',
  'kept[mode]={namespace,count};',
  'return namespace};',
].join('');

/** `bundle` with the shared helper. Throws where esbuild's is not there exactly once: a new esbuild wrote it otherwise. */
export function sharedInterop(bundle) {
  const at = bundle.indexOf(ESBUILD_TO_ESM);
  if (at < 0 || bundle.indexOf(ESBUILD_TO_ESM, at + 1) >= 0) {
    throw new Error("shared-interop: esbuild's __toESM helper is not in the bundle once, as expected; update scripts/bundle/shared-interop.mjs");
  }
  // On its line: the helpers share the bundle's second line, and the source map's lines hold.
  return bundle.slice(0, at) + SHARED_TO_ESM + bundle.slice(at + ESBUILD_TO_ESM.length);
}

if (process.argv[1] === import.meta.filename) {
  const file = process.argv[2];
  writeFileSync(file, sharedInterop(readFileSync(file, 'latin1')), 'latin1');
}
