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
import { countCrossings, layOutWithDagre } from "./crossings.mjs";

const file = process.argv[2];
const graphs = JSON.parse(
  file
    ? readFileSync(file, "utf8")
    : execFileSync("cargo", ["run", "-q", "-p", "overhead-core", "--example", "scenario_graphs"], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      }),
);

function dagreCrossings(graph) {
  return countCrossings(layOutWithDagre(graph.nodes, graph.edges).routes);
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
