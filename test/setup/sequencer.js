// The order in which test files run. By default Jest's (slowest and failed first); with
// TEST_ORDER=reverse or TEST_ORDER=random[:seed] the files run in reverse path order or
// shuffled, which shows that no e2e file depends on what another left in the database.
const Sequencer = require('@jest/test-sequencer').default;

/** A small seeded generator (mulberry32), so that a failing shuffle can be replayed. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class OrderedSequencer extends Sequencer {
  sort(tests) {
    const order = process.env.TEST_ORDER;
    if (!order) return super.sort(tests);
    const byPath = [...tests].sort((a, b) => (a.path < b.path ? -1 : 1));
    let sorted;
    if (order === 'reverse') {
      sorted = byPath.reverse();
    } else if (/^random(:\d+)?$/.test(order)) {
      const seed = Number(order.split(':')[1] ?? Date.now() % 1_000_000);
      const next = random(seed);
      sorted = byPath;
      for (let i = sorted.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
      }
      process.stderr.write(`TEST_ORDER=random:${seed}\n`);
    } else {
      throw new Error(`TEST_ORDER must be reverse, random or random:<seed> (got "${order}")`);
    }
    process.stderr.write(`Test files in this order:\n${sorted.map((t) => `  ${t.path.replace(`${process.cwd()}/`, '')}`).join('\n')}\n`);
    return sorted;
  }
}

module.exports = OrderedSequencer;
