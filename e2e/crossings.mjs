// Edge crossings counted one way for every layout (ours and dagre's), and dagre's layout of a
// graph with the gaps ours uses: shared by `dagre-crossings.mjs` (the scenarios, in
// `scripts/test`) and `bench.mjs` (generated models, in `scripts/bench`).
import dagre from "@dagrejs/dagre";

const GAP = 28; // core/src/layout.rs: GAP and LAYER_GAP
const LAYER_GAP = 56;

function orientation(a, b, c) {
  const cross = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  return Math.abs(cross) < 1e-9 ? 0 : Math.sign(cross);
}

/** Pairs of segments of different edges whose interiors cross at one point; each polyline a
 * list of {x, y}. Segments are bucketed by their vertical extent so that only segments that
 * share a band are compared (a pair is counted once however many bands it shares). */
export function countCrossings(polylines) {
  const segments = [];
  polylines.forEach((points, edge) => {
    for (let i = 1; i < points.length; i++) segments.push([edge, points[i - 1], points[i]]);
  });
  const BAND = 40;
  const bands = new Map();
  segments.forEach((s, index) => {
    const low = Math.floor(Math.min(s[1].y, s[2].y) / BAND);
    const high = Math.floor(Math.max(s[1].y, s[2].y) / BAND);
    for (let b = low; b <= high; b++) {
      if (!bands.has(b)) bands.set(b, []);
      bands.get(b).push(index);
    }
  });
  const counted = new Set();
  for (const members of bands.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const [a, b] = members[i] < members[j] ? [members[i], members[j]] : [members[j], members[i]];
        const [ea, p1, p2] = segments[a];
        const [eb, q1, q2] = segments[b];
        if (ea === eb) continue;
        if (
          orientation(p1, p2, q1) * orientation(p1, p2, q2) < 0 &&
          orientation(q1, q2, p1) * orientation(q1, q2, p2) < 0
        ) {
          counted.add(a * segments.length + b);
        }
      }
    }
  }
  return counted.size;
}

/** dagre's layout of nodes ({width, height}) and edges ([from, to] indexes), top to bottom:
 * the time it took, the node centres, and each edge's route from centre to centre (dagre's
 * first and last points lie on the node borders; the centres replace them). */
export function layOutWithDagre(nodes, edges) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: GAP, ranksep: LAYER_GAP });
  g.setDefaultEdgeLabel(() => ({}));
  nodes.forEach((node, i) => g.setNode(String(i), { width: node.width, height: node.height }));
  edges.forEach(([from, to], i) => g.setEdge(String(from), String(to), {}, `e${i}`));
  const started = performance.now();
  dagre.layout(g);
  const ms = performance.now() - started;
  const centres = nodes.map((_, i) => ({ x: g.node(String(i)).x, y: g.node(String(i)).y }));
  const routes = edges.map(([from, to], i) => {
    const points = g.edge({ v: String(from), w: String(to), name: `e${i}` }).points;
    return [centres[from], ...points.slice(1, -1), centres[to]];
  });
  return { ms, centres, routes };
}
