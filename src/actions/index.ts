/**
 * Process actions (signals, renice, ionice, tagging): the public surface the UI uses.
 */
export { SIGNAL_CHOICES, type SignalChoice } from './signals.js';
export { openSignalHandle, openSignalHandles, type SignalHandle, type SignalOptions } from './signal.js';
export { currentViewer, expectedConfirmation, needsTypedConfirmation, typedConfirmationReasons, type Viewer } from './confirm.js';
export { renice, niceValueError, NICE_MIN, NICE_MAX } from './renice.js';
export {
  ionice,
  readIoPriority,
  decodeIoprio,
  encodeIoprio,
  describeIoPriority,
  ioPriorityError,
  IO_CLASSES,
  IO_LEVEL_MAX,
  type IoClass,
  type IoPriority,
} from './ionice.js';
export { tagReducer, initialTagState, isTagged, actionTargets, type TagState, type TagAction } from './tagging.js';
export { targetOf, describeTarget, type ActionTarget, type ActionResult } from './target.js';
