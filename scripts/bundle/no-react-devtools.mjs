// Stands in for react-devtools-core in the bundle (scripts/bundle.sh). Ink imports it only when
// DEV=true, to connect to React DevTools; SmoothTask does not ship them.
const missing = () => {
  throw new Error('React DevTools are not part of the SmoothTask bundle: unset DEV, or run node dist/main.js for development');
};
export default { initialize: missing, connectToDevTools: missing };
