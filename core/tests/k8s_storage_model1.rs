//! The landing scenario as cost model 1 computes it, derived by hand from catalog v1's figures
//! (data/catalog/v1/) and the scenario as it was under that model (the golden document
//! `tests/golden/k8s-storage.json`). Model 1 is frozen: these numbers hold forever for the
//! documents and links made with it.

mod support;

use support::{close, kubernetes};

use overhead_core::analysis::analyse;
use overhead_core::model::Decision;

fn landing() -> Decision {
    support::model_1_landing()
}

// Hand derivation (context: 12 servers of 32 cores / 128 GiB at $1,121, $75/h, 2 stateful services).
// Control plane: 4 h + 3 upgrades/yr ÷ 12 × 24 h + 12 incidents/yr ÷ 12 × 6 h = 16 h/month.
// Node agent on 12 servers: 0.1 × 12 + 3 ÷ 12 × (2 + 0.25 × 12) + 2 ÷ 12 × 6 = 3.45 h/month.
const ADDED_HOURS: f64 = 16.0 + 3.45;
// Control plane: 3 replicas × (0.25 + 2 + 0.1 + 0.2) cores and × (1 + 8 + 0.25 + 0.5) GiB.
// Node agent per server: kube-proxy 0.1 + CNI 0.25 + GKE reservation for 32 cores
// (0.06 + 0.01 + 2 × 0.005 + 28 × 0.0025 = 0.15); memory 0.125 + 0.25 + (4 × 0.25 + 4 × 0.2 +
// 8 × 0.1 + 112 × 0.06 = 9.32) + 100/1024.
const ADDED_CORES: f64 = 3.0 * 2.55 + 12.0 * (0.35 + 0.15);
const ADDED_GIB: f64 = 3.0 * 9.75 + 12.0 * (0.375 + 9.32 + 100.0 / 1024.0);

fn added_money() -> f64 {
    ADDED_HOURS * 75.0 + ADDED_CORES * (1121.0 * 0.5 / 32.0) + ADDED_GIB * (1121.0 * 0.5 / 128.0)
}

fn value_fixed_stateful() -> f64 {
    let rescheduling = 12.0 * 0.05 / 12.0 * 6.0 * 75.0 * 0.1;
    let discovery = (2.0 - 1.0) * 0.5 * 75.0;
    let packing = 12.0 * 1121.0 * 0.15 * (1.0 / 20.0) * 0.2;
    rescheduling + discovery + packing
}

#[test]
fn kubernetes_adds_exactly_two_components_to_manage() {
    let analysis = analyse(&landing()).unwrap();
    let k8s = kubernetes(&analysis);
    let added: Vec<&str> = k8s
        .versus_baseline
        .added_kinds
        .iter()
        .map(|&k| &*analysis.catalog.kinds[k].id)
        .collect();
    assert_eq!(added, ["k8s-control-plane", "k8s-node-agent"]);
    assert!(k8s.versus_baseline.removed_kinds.is_empty());
    assert_eq!(k8s.versus_baseline.managed_delta(), 2);
}

#[test]
fn the_control_plane_is_pulled_in_by_the_node_agent() {
    let analysis = analyse(&landing()).unwrap();
    let k8s = kubernetes(&analysis);
    let option = analysis
        .options
        .iter()
        .position(|o| o.id == "kubernetes")
        .unwrap();
    let control_plane = k8s.graph.index_of("k8s-control-plane").unwrap();
    assert!(analysis.is_pulled_in(option, control_plane));
    // By the node agent and nothing else: storage's edge to it is drawn, not a requirement.
    assert_eq!(
        k8s.graph.components[control_plane].origin,
        overhead_core::graph::Origin::PulledIn {
            by: vec!["node-agent".into()]
        }
    );
    assert!(analysis.is_added(option, control_plane));
    let kind = &analysis.catalog.kinds[k8s.graph.components[control_plane].kind];
    assert_eq!(
        kind.parts.iter().map(|p| &**p).collect::<Vec<_>>(),
        [
            "kube-apiserver",
            "etcd",
            "kube-scheduler",
            "kube-controller-manager"
        ]
    );
    let agent = k8s.graph.index_of("node-agent").unwrap();
    let kind = &analysis.catalog.kinds[k8s.graph.components[agent].kind];
    assert_eq!(
        kind.parts.iter().map(|p| &**p).collect::<Vec<_>>(),
        ["kubelet", "containerd", "kube-proxy", "cni-plugin"]
    );
}

#[test]
fn added_hours_capacity_and_money_match_the_hand_derivation() {
    let analysis = analyse(&landing()).unwrap();
    let versus = &kubernetes(&analysis).versus_baseline;
    close(versus.ops_hours_month, ADDED_HOURS);
    close(versus.cores, ADDED_CORES);
    close(versus.memory_gib, ADDED_GIB);
    close(versus.servers, ADDED_GIB / 128.0);
    close(versus.fleet_share, ADDED_GIB / 128.0 / 12.0);
    close(versus.money_month, added_money());
    // Learning: control plane 60 h + node agent 20 h, for each of 4 engineers.
    close(versus.learning_hours, 80.0 * 4.0);
}

#[test]
fn on_a_fixed_fleet_of_stateful_servers_the_net_value_is_negative() {
    let analysis = analyse(&landing()).unwrap();
    let versus = &kubernetes(&analysis).versus_baseline;
    let autoscaling = versus
        .gained
        .iter()
        .find(|c| analysis.catalog.capabilities[c.capability].id == "autoscaling")
        .unwrap();
    assert_eq!(autoscaling.value_month, 0.0);
    assert!(autoscaling.explanation(&analysis).contains("fixed"));
    close(versus.value_month, value_fixed_stateful());
    close(versus.net_month, value_fixed_stateful() - added_money());
    assert!(versus.net_month < 0.0);
    close(
        versus.net_horizon,
        versus.net_month * 36.0 - 80.0 * 4.0 * 75.0,
    );
}

#[test]
fn an_elastic_fleet_raises_the_value_and_says_why() {
    let mut decision = landing();
    let fixed = kubernetes(&analyse(&decision).unwrap())
        .versus_baseline
        .net_month;
    decision.context.fleet.elastic = true;
    let analysis = analyse(&decision).unwrap();
    let versus = &kubernetes(&analysis).versus_baseline;
    let autoscaling = versus
        .gained
        .iter()
        .find(|c| analysis.catalog.capabilities[c.capability].id == "autoscaling")
        .unwrap();
    close(autoscaling.value_month, 12.0 * 1121.0 * 0.3 * 0.25);
    assert!(autoscaling
        .explanation(&analysis)
        .starts_with("Elastic fleet"));
    close(versus.net_month, fixed + 12.0 * 1121.0 * 0.3 * 0.25);
    assert!(versus.net_month > fixed);
}

#[test]
fn a_stateless_many_service_elastic_workload_turns_the_value_positive() {
    let mut decision = landing();
    decision.context.fleet.elastic = true;
    decision.context.workload.stateful = false;
    decision.context.workload.services = 30;
    let analysis = analyse(&decision).unwrap();
    assert!(kubernetes(&analysis).versus_baseline.net_month > 0.0);
}

#[test]
fn the_baseline_against_itself_is_zero() {
    let analysis = analyse(&landing()).unwrap();
    // Every field: no kinds, hours, money, capacity, learning, value or failure points.
    assert_eq!(
        analysis.baseline().versus_baseline,
        overhead_core::analysis::Versus::default()
    );
}

#[test]
fn failure_view_names_blast_radius_and_single_points() {
    let analysis = analyse(&landing()).unwrap();
    let k8s = kubernetes(&analysis);
    let agent = k8s.graph.index_of("node-agent").unwrap();
    let storage = k8s.graph.index_of("storage").unwrap();
    assert!(k8s.blast_radius(agent).contains(&storage));
    assert!(
        !k8s.components[agent].single_point_of_failure,
        "one agent per server"
    );
    // The control plane manages but does not host: running pods survive its failure.
    let control_plane = k8s.graph.index_of("k8s-control-plane").unwrap();
    assert!(k8s.blast_radius(control_plane).is_empty());
    // The server takes down what runs on it (systemd, the control plane, monitoring) and what
    // runs on those (the node agent and node exporter on systemd, storage on the node agent).
    // Ansible only manages: it keeps running. Monitoring depends on the exporter, already counted.
    let server = k8s.graph.index_of("server").unwrap();
    let mut stopped: Vec<&str> = k8s
        .blast_radius(server)
        .iter()
        .map(|&i| &*k8s.graph.components[i].id)
        .collect();
    stopped.sort();
    assert_eq!(
        stopped,
        [
            "k8s-control-plane",
            "monitoring",
            "node-agent",
            "node-exporter",
            "storage",
            "systemd"
        ]
    );
    assert_eq!(
        k8s.versus_baseline.failure_points_added, 1,
        "the node agent"
    );
}
