// Fails `npm run test:e2e` early, with one clear line, when there is no browser to test in.
import { findChromium, NO_BROWSER_MESSAGE } from '../e2e/find-browser.ts';

const found = findChromium();
if (!found) {
  console.error(NO_BROWSER_MESSAGE);
  process.exit(1);
}
console.log(`e2e browser: ${found.source}`);
