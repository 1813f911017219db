// Compares our edge crossings with dagre's on every built-in scenario option.
//
// `cargo run -p overhead-core --example scenario_graphs` prints each option's graph exactly as
// `render::graph_svg` lays it out (node sizes fitted to their text, the same edge list) with
// our drawn polylines. This script lays the same graphs out with dagre (same node sizes, same
// gaps) and counts crossings the same way for both: proper crossings between the segments of
// different edges, each edge a polyline from its source's centre through its waypoints to its
// target's centre (for ours, the drawn polylines, whose ends sit on the node borders).
//
// Usage: node e2e/dagre-crossings.mjs [graphs.json]   (without a file it runs the example)
// Exits with status 1 when ours has more crossings than dagre's on any option.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import dagre from "@dagrejs/dagre";

const GAP = 28; // core/src/layout.rs: GAP and LAYER_GAP
const LAYER_GAP = 56;

const file = process.argv[2];
const graphs = JSON.parse(
  file
    ? readFileSync(file, "utf8")
    : execFileSync("cargo", ["run", "-q", "-p", "overhead-core", "--example", "scenario_graphs"], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      }),
);

function orientation(a, b, c) {
  const cross = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
  return Math.abs(cross) < 1e-9 ? 0 : Math.sign(cross);
}

// Pairs of segments of different edges whose interiors cross at one point.
function countCrossings(polylines) {
  const segments = [];
  polylines.forEach((points, edge) => {
    for (let i = 1; i < points.length; i++) segments.push([edge, points[i - 1], points[i]]);
  });
  let total = 0;
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      const [ea, p1, p2] = segments[i];
      const [eb, q1, q2] = segments[j];
      if (ea === eb) continue;
      if (
        orientation(p1, p2, q1) * orientation(p1, p2, q2) < 0 &&
        orientation(q1, q2, p1) * orientation(q1, q2, p2) < 0
      ) {
        total += 1;
      }
    }
  }
  return total;
}

function dagreCrossings(graph) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: GAP, ranksep: LAYER_GAP });
  g.setDefaultEdgeLabel(() => ({}));
  graph.nodes.forEach((node, i) => g.setNode(String(i), { width: node.width, height: node.height }));
  graph.edges.forEach(([from, to], i) => g.setEdge(String(from), String(to), {}, `e${i}`));
  dagre.layout(g);
  const polylines = graph.edges.map(([from, to], i) => {
    const points = g.edge({ v: String(from), w: String(to), name: `e${i}` }).points;
    const source = g.node(String(from));
    const target = g.node(String(to));
    // dagre's first and last points lie on the node borders: use the centres instead.
    return [{ x: source.x, y: source.y }, ...points.slice(1, -1), { x: target.x, y: target.y }];
  });
  return countCrossings(polylines);
}

const rows = graphs.map((graph) => ({
  option: `${graph.scenario} / ${graph.option}`,
  nodes: graph.nodes.length,
  edges: graph.edges.length,
  ours: graph.crossings,
  oursHere: countCrossings(graph.polylines.map((line) => line.map(([x, y]) => ({ x, y })))),
  dagre: dagreCrossings(graph),
}));

const width = Math.max(...rows.map((r) => r.option.length));
console.log(`${"option".padEnd(width)}  nodes  edges  ours  dagre`);
for (const r of rows) {
  console.log(
    `${r.option.padEnd(width)}  ${String(r.nodes).padStart(5)}  ${String(r.edges).padStart(5)}  ${String(r.ours).padStart(4)}  ${String(r.dagre).padStart(5)}${r.ours > r.dagre ? "  MORE THAN DAGRE" : ""}`,
  );
  if (r.ours !== r.oursHere) {
    console.log(`  (our count recomputed here: ${r.oursHere})`);
  }
}
const worse = rows.filter((r) => r.ours > r.dagre);
process.exitCode = worse.length > 0 ? 1 : 0;
