// Stands in for @stdlib/assert-has-generator-support in the app's build (see vite.config.ts). stdlib
// asks eval whether `function*` parses, which the page's policy reports as a violation; every browser
// the app is built for (ES2022) has generators, so the answer is known without asking.
module.exports = function hasGeneratorSupport() {
  return true;
};
