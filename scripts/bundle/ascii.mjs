// Escapes every non-ASCII character of the bundle as \uXXXX (scripts/bundle.sh). V8 keeps a
// script's source for lazy compilation, and one non-ASCII character makes the whole source a
// two-byte string, twice the memory. The escape means the same character in every
// place one can stand in JavaScript (string, template, regular expression, identifier); esbuild
// already escapes strings, but leaves literals in regular expressions (a former dependency's "°"
// was one).
// Source map columns after an escape on its line shift by a few characters: one line, in a
// dependency.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const ascii = text.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
if (ascii !== text) writeFileSync(file, ascii);
