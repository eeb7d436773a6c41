import { describe, expect, it } from 'vitest';
import { dotsLegendText } from '../../views/load';
import { DeliveredDots } from '../../views/particles';
import { topologyLayout } from '../../views/layout';
import { topologyComponents, topologyLinks, type MessageView } from '../../sim';
import { ONE_REGION_TOPOLOGY } from '../../views/topologyFixtures';
import { SharedDotScale } from './dotScale';

const layout = topologyLayout(
  topologyComponents(ONE_REGION_TOPOLOGY),
  topologyLinks(ONE_REGION_TOPOLOGY),
);

/** `count` short request hops lb-1 -> app-a1 delivered at `nowUs`, ids from `firstId`. */
function burst(count: number, firstId: number, nowUs: number): MessageView[] {
  return Array.from(
    { length: count },
    (_, i) =>
      ({
        id: `${firstId + i}:a`,
        requestId: firstId + i,
        from: 'lb-1',
        to: 'app-a1',
        sentUs: nowUs - 500,
        arrivesUs: nowUs,
        kind: 'request',
        late: false,
        lost: false,
        probe: false,
      }) as unknown as MessageView,
  );
}

describe('SharedDotScale', () => {
  it('is the larger of the diagrams’ needs, and says when it changes', () => {
    const scale = new SharedDotScale();
    let changes = 0;
    const stop = scale.subscribe(() => changes++);
    expect(scale.shift).toBe(0);
    scale.report('a', 1);
    scale.report('b', 3);
    expect(scale.shift).toBe(3);
    expect(changes).toBe(2);
    scale.report('a', 2); // still under b's: no change
    expect(changes).toBe(2);
    scale.report('b', 0);
    expect(scale.shift).toBe(2);
    scale.leave('a');
    expect(scale.shift).toBe(0);
    expect(changes).toBe(4);
    stop();
    scale.report('a', 5);
    expect(changes).toBe(4);
  });

  it('makes a quiet and a busy design draw and state the same scale, by the busy one', () => {
    const speed = 1;
    const quiet = new DeliveredDots();
    const busy = new DeliveredDots();
    const scale = new SharedDotScale();
    let nowUs = 10_000;
    let nextId = 0;
    for (let frame = 0; frame < 6; frame++) {
      // Design B sends eight times design A's traffic: it needs a coarser sampling.
      quiet.floorShift = busy.floorShift = scale.shift;
      quiet.update(burst(40, nextId, nowUs), nowUs, speed, layout);
      nextId += 40;
      busy.update(burst(320, nextId, nowUs), nowUs, speed, layout);
      nextId += 320;
      scale.report('a', quiet.samplingShift);
      scale.report('b', busy.samplingShift);
      nowUs += 1_000;
    }
    // Each on its own would state a different scale.
    expect(busy.samplingShift).toBeGreaterThan(quiet.samplingShift);
    expect(dotsLegendText(quiet.samplingShift, 50)).not.toBe(
      dotsLegendText(busy.samplingShift, 50),
    );
    // Shared: the busy design's, and the quiet design draws only requests of that sample.
    expect(scale.shift).toBe(busy.samplingShift);
    const every = 2 ** scale.shift;
    // (Dots of the first frames, drawn before the busy design had reported, finish on their own.)
    const lastFrame = quiet.alive.filter((d) => d.requestId >= nextId - 360);
    expect(lastFrame.length).toBeGreaterThan(0);
    for (const dot of lastFrame) expect(dot.requestId % every).toBe(0);
    // The quiet design keeps reporting what its own traffic needs.
    expect(quiet.samplingShift).toBeLessThan(scale.shift);
  });
});
